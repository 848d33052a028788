using System.Text.Json;

namespace LlmLoad.Core.Workload;

/// <summary>Turns System.Text.Json exceptions into the short reasons our one-line messages quote.</summary>
internal static class JsonErrors
{
    /// <summary>The exception's message without the " LineNumber: .. | BytePositionInLine: .." tail (we state positions ourselves).</summary>
    public static string Reason(JsonException exception)
    {
        var message = exception.Message;
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (tail >= 0 ? message[..tail] : message).Trim().TrimEnd('.');
        return reason.Length == 0 ? "malformed JSON" : reason;
    }
}
