using System.Text.Json;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Streams the conversations of a ShareGPT-format file (a JSON array of
/// <c>{id, conversations: [{from, value}, ...]}</c>) without loading the whole document: real files are
/// about 600 MB. A <see cref="Utf8JsonReader"/> walks the top-level array over a growing buffer, and each
/// element is parsed on its own once it is complete.
/// </summary>
/// <remarks>
/// Errors are <see cref="WorkloadException"/>s naming the element index (0-based, as <c>jq '.[37]'</c>
/// counts) or, for broken JSON, the line and byte offset.
/// Roles: <c>human</c>/<c>user</c> start the prompt; <c>gpt</c>/<c>assistant</c> (and ShareGPT's
/// <c>chatgpt</c>/<c>bing</c>) reply; others such as <c>system</c> are skipped. Only the turns up to the
/// first reply are checked, so damage later in a long conversation does not stop a run.
/// </remarks>
internal static class ShareGptReader
{
    private const int InitialBufferBytes = 1 << 16;
    private static readonly byte[] _utf8Bom = [0xEF, 0xBB, 0xBF];

    public static IEnumerable<ShareGptConversation> Read(string path) => Read(path, ParseFirstExchange);

    /// <summary>
    /// Every turn of every conversation, for <c>--multi-turn</c>: a turn that is not an object with <c>from</c> and
    /// <c>value</c> strings is passed on with a null value (the normalizer skips and counts it) instead of stopping the run.
    /// </summary>
    public static IEnumerable<(int Index, List<RawTurn> Turns)> ReadAllTurns(string path) => Read(path, ParseAllTurns);

    /// <summary>Makes what the caller keeps of one conversation from its <c>conversations</c> array.</summary>
    private delegate T ConversationParser<T>(string path, int index, JsonElement turns);

    private static IEnumerable<T> Read<T>(string path, ConversationParser<T> parse)
    {
        using var stream = DatasetFile.Open(path);
        if (stream.Length == 0)
        {
            throw new WorkloadException($"{path}: the file is empty; expected a JSON array of ShareGPT conversations.");
        }

        var buffer = new byte[InitialBufferBytes];
        var filled = 0;
        var isFinal = false;
        var cursor = new Cursor();
        var batch = new List<T>();
        while (true)
        {
            if (!isFinal)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                isFinal = read == 0;
                filled += read;
            }

            var skip = cursor.FileOffset == 0 && buffer.AsSpan(0, filled).StartsWith(_utf8Bom) ? _utf8Bom.Length : 0;
            var consumed = skip + ReadElements(path, buffer.AsMemory(skip, filled - skip), isFinal, cursor, batch, parse);
            foreach (var conversation in batch)
            {
                yield return conversation;
            }

            batch.Clear();
            if (cursor.Finished)
            {
                yield break;
            }

            if (isFinal)
            {
                throw new WorkloadException($"{path}: invalid JSON: the file ends before the array is closed.");
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            cursor.FileOffset += consumed;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one element is larger than the buffer
            }
        }
    }

    /// <summary>Reads every complete element in <paramref name="data"/>; returns how many bytes were used up.</summary>
    private static int ReadElements<T>(string path, ReadOnlyMemory<byte> data, bool isFinal, Cursor cursor, List<T> output, ConversationParser<T> parse)
    {
        var reader = new Utf8JsonReader(data.Span, isFinal, cursor.State);
        try
        {
            while (true)
            {
                var before = reader.CurrentState;
                var beforeConsumed = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    break; // the next token is not complete yet
                }

                if (!cursor.InArray)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new WorkloadException($"{path}: expected a JSON array of ShareGPT conversations, found {Describe(reader.TokenType)}.");
                    }

                    cursor.InArray = true;
                    continue;
                }

                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndArray)
                {
                    cursor.Finished = true;
                    return (int)reader.BytesConsumed;
                }

                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    cursor.State = before; // resume at this element's first byte once more data is in
                    return beforeConsumed;
                }

                var element = data[start..(int)reader.BytesConsumed];
                output.Add(ParseElement(path, cursor.NextIndex++, element, parse));
            }
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $"line {l + 1}, " : "";
            throw new WorkloadException($"{path}: invalid JSON at {line}near byte {cursor.FileOffset + reader.BytesConsumed}: {JsonErrors.Reason(e)}.", e);
        }

        cursor.State = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static T ParseElement<T>(string path, int index, ReadOnlyMemory<byte> json, ConversationParser<T> parse)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("conversations", out var turns)
            || turns.ValueKind != JsonValueKind.Array)
        {
            throw new WorkloadException($"{path} element {index}: expected an object with a \"conversations\" array.");
        }

        return parse(path, index, turns);
    }

    private static ShareGptConversation ParseFirstExchange(string path, int index, JsonElement turns)
    {
        string? prompt = null;
        var turnIndex = 0;
        foreach (var turn in turns.EnumerateArray())
        {
            if (turn.ValueKind != JsonValueKind.Object
                || !turn.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.String
                || !turn.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                throw new WorkloadException($"{path} element {index} turn {turnIndex}: expected an object with \"from\" and \"value\" strings.");
            }

            var role = from.GetString()!.ToLowerInvariant();
            if (prompt is null && role is "human" or "user")
            {
                prompt = value.GetString()!;
            }
            else if (prompt is not null && role is "gpt" or "assistant" or "chatgpt" or "bing")
            {
                return new ShareGptConversation(index, prompt, value.GetString()!);
            }

            turnIndex++;
        }

        return new ShareGptConversation(index, prompt, null);
    }

    private static (int Index, List<RawTurn> Turns) ParseAllTurns(string path, int index, JsonElement turns)
    {
        var list = new List<RawTurn>(turns.GetArrayLength());
        foreach (var turn in turns.EnumerateArray())
        {
            var wellFormed = turn.ValueKind == JsonValueKind.Object
                && turn.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String
                && turn.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;
            list.Add(wellFormed ? new RawTurn(turn.GetProperty("from").GetString()!, turn.GetProperty("value").GetString()) : new RawTurn("", null));
        }
        return (index, list);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>Where the reader is, across buffer refills.</summary>
    private sealed class Cursor
    {
        public JsonReaderState State { get; set; }

        /// <summary>File offset of the first byte in the buffer.</summary>
        public long FileOffset { get; set; }

        public bool InArray { get; set; }

        public bool Finished { get; set; }

        public int NextIndex { get; set; }
    }
}
