using System.Globalization;
using System.Text;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Reads an Azure LLM inference trace (Azure/AzurePublicDataset, 2023 and 2024 releases): CSV with the header
/// <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> (columns found by name, in any order) and one request per line,
/// e.g. <c>2023-11-16 18:15:46.6805900,4808,10</c>. TIMESTAMP is a date and time (UTC unless it carries an offset,
/// as the 2024 files do: <c>2024-05-10 00:00:00.009930+00:00</c>); times are returned in ms from the first line.
/// Errors name the file and 1-based line.
/// </summary>
internal static class AzureTraceReader
{
    private static readonly string[] Columns = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"];

    public static IReadOnlyList<TraceRequest> Read(string path)
    {
        using var stream = DatasetFile.Open(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine()?.Split(',').Select(name => name.Trim()).ToList() ?? [];
        var at = Columns.Select(column => header.FindIndex(name => name.Equals(column, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (at.Any(index => index < 0))
        {
            throw new WorkloadException($"{path} line 1: expected the header {string.Join(",", Columns)} (the Azure LLM inference trace format).");
        }

        var requests = new List<TraceRequest>();
        long? firstTicks = null;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var where = $"{path} line {lineNumber}";
            var fields = line.Split(',');
            if (fields.Length < header.Count)
            {
                throw new WorkloadException($"{where}: {fields.Length} fields, expected {header.Count} ({string.Join(",", header)}).");
            }
            var timestamp = fields[at[0]].Trim();
            if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                throw new WorkloadException($"{where}: TIMESTAMP \"{timestamp}\" is not a date and time such as 2023-11-16 18:15:46.6805900.");
            }
            firstTicks ??= time.UtcTicks;
            // ticks before dividing: a double of absolute milliseconds would lose the sub-millisecond part
            var timestampMs = (time.UtcTicks - firstTicks.Value) / (double)TimeSpan.TicksPerMillisecond;
            requests.Add(new TraceRequest(lineNumber, timestampMs, Tokens(where, fields[at[1]], Columns[1]), Tokens(where, fields[at[2]], Columns[2]), null));
        }
        return requests;
    }

    private static int Tokens(string where, string text, string column) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tokens) && tokens >= 0 ? tokens
        : throw new WorkloadException($"{where}: {column} \"{text.Trim()}\" must be a whole number of tokens (0 or more).");
}
