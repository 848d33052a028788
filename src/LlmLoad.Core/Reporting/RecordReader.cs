using System.Text.Json;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Reads <c>requests.jsonl</c> back. A torn last line (a killed run) is skipped with a warning; a bad line elsewhere
/// is an error. A run writes each request index once, so a record that repeats an earlier index (a file appended to
/// itself, or copied into twice) is counted, warned about and dropped: the first record of each index is kept.
/// </summary>
public static class RecordReader
{
    public sealed record Result(IReadOnlyList<RequestRecord> Records, IReadOnlyList<string> Warnings);

    public static Result ReadFile(string path)
    {
        var lines = File.ReadAllLines(path);
        var records = new List<RequestRecord>(lines.Length);
        var warnings = new List<string>();
        var indices = new HashSet<int>();
        var duplicates = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            RequestRecord record;
            try
            {
                record = RecordJson.Read(System.Text.Encoding.UTF8.GetBytes(lines[i])) ?? throw new JsonException("null record");
            }
            catch (JsonException exception) when (i == lines.Length - 1)
            {
                warnings.Add($"{path} line {i + 1}: ignored an incomplete last record ({exception.Message}).");
                continue;
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{path} line {i + 1}: not a request record ({exception.Message}).", exception);
            }
            if (indices.Add(record.Index))
            {
                records.Add(record);
            }
            else
            {
                duplicates++;
            }
        }
        if (duplicates > 0)
        {
            warnings.Add($"{path}: {duplicates} record{(duplicates == 1 ? " repeats" : "s repeat")} the request index of an earlier one; the first record of each index is kept.");
        }
        return new Result(records, warnings);
    }
}
