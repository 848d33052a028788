using System.Text.Json;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Reads a Mooncake trace (kvcache-ai/Mooncake, FAST'25 release): one JSON object per line,
/// <c>{"timestamp": 0, "input_length": 6755, "output_length": 500, "hash_ids": [0, 1, 2]}</c>, the timestamp in ms
/// from the trace's start. <c>hash_ids</c> may be left out (the prompt then shares nothing). Blank lines are
/// skipped; errors name the file and 1-based line.
/// </summary>
internal static class MooncakeTraceReader
{
    private const string Expected = "expected {\"timestamp\": ms, \"input_length\": n, \"output_length\": m, \"hash_ids\": [...]}";

    public static IReadOnlyList<TraceRequest> Read(string path) => JsonLinesFile.Read(path, Expected, ParseLine);

    private static TraceRequest ParseLine(string where, int lineNumber, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WorkloadException($"{where}: {Expected}.");
        }
        var timestamp = Required(where, root, "timestamp");
        if (!timestamp.TryGetDouble(out var timestampMs))
        {
            throw new WorkloadException($"{where}: \"timestamp\" must be a number of milliseconds, not {timestamp.GetRawText()}.");
        }
        return new TraceRequest(lineNumber, timestampMs, Count(where, root, "input_length"), Count(where, root, "output_length"), HashIds(where, root));
    }

    private static JsonElement Required(string where, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value
        : throw new WorkloadException(root.TryGetProperty(name, out var other)
            ? $"{where}: \"{name}\" must be a number, not {other.GetRawText()}."
            : $"{where}: missing \"{name}\"; {Expected}.");

    private static int Count(string where, JsonElement root, string name)
    {
        var value = Required(where, root, name);
        return value.TryGetInt32(out var count) && count >= 0 ? count
            : throw new WorkloadException($"{where}: \"{name}\" must be a whole number of tokens (0 or more), not {value.GetRawText()}.");
    }

    private static int[]? HashIds(string where, JsonElement root)
    {
        if (!root.TryGetProperty("hash_ids", out var ids) || ids.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var problem = $"{where}: \"hash_ids\" must be an array of whole numbers (0 or more), not {ids.GetRawText()}.";
        if (ids.ValueKind != JsonValueKind.Array)
        {
            throw new WorkloadException(problem);
        }
        return ids.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var v) && v >= 0 ? v : throw new WorkloadException(problem)).ToArray();
    }
}
