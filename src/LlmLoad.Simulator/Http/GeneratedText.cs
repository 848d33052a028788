namespace LlmLoad.Simulator.Http;

/// <summary>
/// The generated text: common English words, each with a leading space, each exactly one token in
/// o200k_base (a test checks every one), so a response of n tokens is n words and re-tokenizes to n.
/// </summary>
internal static class GeneratedText
{
    public static readonly string[] Words =
    [
        " the", " of", " and", " to", " in", " is", " that", " for", " it", " as", " was", " with", " be", " by",
        " on", " not", " he", " this", " are", " or", " his", " from", " at", " which", " but", " have", " an",
        " had", " they", " you", " were", " their", " one", " all", " we", " can", " her", " has", " there", " been",
        " if", " more", " when", " will", " would", " who", " so", " no", " time", " people", " year", " way",
        " day", " man", " thing", " woman", " life", " child", " world", " school", " state", " family", " student",
        " group", " country", " problem", " hand", " part", " place", " case", " week", " company", " system",
        " program", " question", " work", " government", " number", " night", " point", " home", " water", " room",
        " mother", " area", " money", " story", " fact", " month", " lot", " right", " study", " book", " eye",
        " job", " word", " business", " issue", " side", " kind", " head", " house", " service", " friend",
        " father", " power", " hour", " game", " line", " end", " member", " law", " car", " city", " community",
        " name", " president", " team", " minute", " idea", " kid", " body", " information", " back", " parent",
        " face", " others", " level", " office", " door", " health", " person", " art", " war", " history", " party",
        " result", " change", " morning", " reason", " research", " girl", " guy", " moment", " air", " teacher",
        " force", " education", " model", " server", " request", " token", " batch", " memory", " cache", " engine",
        " latency", " signal", " answer", " data", " value", " simple", " clear", " early", " large", " small",
        " good", " new", " first", " last", " long", " great", " little", " own", " other", " old", " big", " high",
        " different", " local", " social", " important", " public", " able", " late", " hard", " major", " better",
        " economic", " strong", " possible", " whole", " free", " military", " true", " federal", " international",
        " full", " special", " easy", " clean", " political", " best", " sure", " low", " real", " black", " white",
        " red", " blue", " green", " light", " dark", " open", " close", " run", " make", " take", " come", " give",
        " look", " find", " think", " know", " want", " tell", " ask", " seem", " feel", " try", " leave", " call",
        " keep", " let", " begin", " help", " show", " hear", " play", " move", " live", " believe", " bring",
        " happen", " write", " provide", " sit", " stand", " lose", " pay", " meet", " include", " continue", " set",
        " learn", " lead", " understand", " watch", " follow", " stop", " create", " speak", " read", " allow",
        " add", " spend", " grow", " offer", " remember", " love", " consider", " appear", " buy", " wait", " serve",
        " die", " send", " expect", " build", " stay", " fall", " cut", " reach", " kill", " remain", " suggest",
        " raise", " pass", " sell", " require", " report", " decide", " pull", " also", " just", " only", " very",
        " then", " now", " here", " well", " even", " still", " never", " again", " always", " often", " really",
        " almost", " together", " already", " enough", " quickly", " slowly", " today", " tomorrow", " soon",
        " perhaps", " however", " because", " while", " after", " before", " during", " under", " over", " between",
        " through", " against", " about", " around", " across", " into", " onto", " within", " without", " along"
    ];

    /// <summary>The next word of a response, drawn from the request's own generator.</summary>
    public static string NextWord(Random random) => Words[random.Next(Words.Length)];
}
