namespace LlmLoad.Core.Transport;

/// <summary>
/// Request headers a user may not set: llmload writes them itself from the URL and the body, and a second value
/// would change how the request is framed (two lengths, chunked and sized at once, another host, a closed connection).
/// </summary>
public static class ReservedHeaders
{
    private static readonly string[] Names = ["Host", "Content-Length", "Transfer-Encoding", "Connection"];

    public static bool IsReserved(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="name"/> is refused, for a one-line error after the flag or key that gave it.</summary>
    public static string Reason(string name) =>
        $"\"{name}\" is set by llmload itself (from the URL and the body); a second value would break the request. Remove it.";
}
