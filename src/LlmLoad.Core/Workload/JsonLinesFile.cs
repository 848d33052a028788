using System.Text;
using System.Text.Json;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Reads a JSON Lines dataset: each non-blank line parsed as JSON and handed to a line parser, in file order.
/// Invalid JSON is refused with the file, the 1-based line and what a line should be.
/// </summary>
internal static class JsonLinesFile
{
    /// <param name="expected">What a line should be, for the invalid-JSON message (e.g. "expected an object with a \"prompt\" field").</param>
    /// <param name="parse">Turns one line's JSON into an entry: gets "PATH line N" for messages, the line number and the JSON.</param>
    public static List<T> Read<T>(string path, string expected, Func<string, int, JsonElement, T> parse)
    {
        using var stream = DatasetFile.Open(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var entries = new List<T>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var where = $"{path} line {lineNumber}";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new WorkloadException($"{where}: invalid JSON ({JsonErrors.Reason(e)}); {expected}.", e);
            }
            using (document)
            {
                entries.Add(parse(where, lineNumber, document.RootElement));
            }
        }
        return entries;
    }
}
