using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes the summary.json of a run repeated N times (N ≥ 2; a run measured once keeps <see cref="SummaryJsonWriter"/>'s
/// format):
/// <code>
/// { "tool", "tool_version", "started_at", "interrupted", "config",
///   "repeats": [ { "directory": "r1", every summary.json scalar of that repeat, "errors", "errors_by_status" }, ... ],
///   "aggregate": { "repeats", "confidence_level", "request_throughput": { "mean", "std", "min", "max", "ci95_low", ... }, ... } }
/// </code>
/// Each repeat's full summary.json (time series, client health, server metrics) stays in its own directory.
/// </summary>
public static class RepeatedSummaryJsonWriter
{
    public static void Write(Stream stream, IReadOnlyList<(string Directory, RunSummary Summary)> repeats, JsonObject configuration, string toolVersion, DateTimeOffset startedAt, bool interrupted)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(repeats);
        ArgumentNullException.ThrowIfNull(configuration);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("tool", SummaryJsonWriter.ToolName);
        writer.WriteString("tool_version", toolVersion);
        StartedAtJson.Write(writer, startedAt);
        writer.WriteBoolean("interrupted", interrupted);
        writer.WritePropertyName("config");
        configuration.WriteTo(writer);
        writer.WriteStartArray("repeats");
        foreach ((string directory, RunSummary summary) in repeats)
        {
            writer.WriteStartObject();
            writer.WriteString("directory", directory);
            SummaryScalarsJson.WriteSummaryScalars(writer, summary);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (repeats.Count == 0)
        {
            writer.WriteNull(RepeatAggregateJson.Key); // interrupted before the first repeat finished
        }
        else
        {
            RepeatAggregateJson.Write(writer, new RepeatAggregate([.. repeats.Select(r => r.Summary)]));
        }
        writer.WriteEndObject();
        writer.Flush();
    }
}
