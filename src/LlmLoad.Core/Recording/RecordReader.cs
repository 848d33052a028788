using System.Text.Json;

namespace LlmLoad.Core.Recording;

/// <summary>Reads <c>requests.jsonl</c> back. A torn last line (a killed run) is skipped with a warning; a bad line elsewhere is an error.</summary>
public static class RecordReader
{
    public sealed record Result(IReadOnlyList<RequestRecord> Records, IReadOnlyList<string> Warnings);

    public static Result ReadFile(string path)
    {
        var lines = File.ReadAllLines(path);
        var records = new List<RequestRecord>(lines.Length);
        var warnings = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                records.Add(RecordJson.Read(System.Text.Encoding.UTF8.GetBytes(lines[i]))
                    ?? throw new JsonException("null record"));
            }
            catch (JsonException exception) when (i == lines.Length - 1)
            {
                warnings.Add($"{path} line {i + 1}: ignored an incomplete last record ({exception.Message}).");
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{path} line {i + 1}: not a request record ({exception.Message}).", exception);
            }
        }
        return new Result(records, warnings);
    }
}
