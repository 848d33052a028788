using System.Text.Encodings.Web;
using System.Text.Json;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes sweep.json, the machine-readable answer of a sweep:
/// <code>
/// { "tool", "tool_version", "started_at", "interrupted", "model", "config",
///   "levels": [ { "concurrency", "concurrency_reached", every summary.json scalar, "errors", "errors_by_status",
///                 ("throughput_spread": { the analysed throughputs and goodput: mean, std, min, max, ci95_* },
///                 "aggregate": { every scalar over repeats: mean, std, min, max, ci95_* },
///                 "repeats": [ {scalars of each repeat} ]) } ],
///   "analysis": { "options", "peak", "knee", "breakpoint", "plateau", "max_concurrency_within_slo", "max_goodput",
///                 "max_concurrency_at_attainment", "reading" } }
/// </code>
/// Levels are in concurrency order and use summary.json's key names, so one parser reads both.
/// <see cref="SweepJsonReader"/> reads the file back.
/// </summary>
public static class SweepJsonWriter
{
    public const string FileName = "sweep.json";

    /// <summary>Writes indented sweep.json (UTF-8, no BOM); only JSON's own special characters are escaped.</summary>
    public static void Write(Stream stream, SweepDocument document)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Write(writer, document);
    }

    public static void Write(Utf8JsonWriter writer, SweepDocument document)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(document);

        writer.WriteStartObject();
        writer.WriteString("tool", SummaryJsonWriter.ToolName);
        writer.WriteString("tool_version", document.ToolVersion);
        StartedAtJson.Write(writer, document.StartedAt);
        writer.WriteBoolean("interrupted", document.Interrupted);
        writer.WriteString("model", document.Model);
        writer.WritePropertyName("config");
        if (document.Configuration is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            document.Configuration.WriteTo(writer);
        }
        writer.WriteStartArray("levels");
        foreach (SweepLevel level in document.Levels.OrderBy(l => l.Concurrency))
        {
            WriteLevel(writer, level);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("analysis");
        SweepAnalysisJson.Write(writer, document.Analysis);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteLevel(Utf8JsonWriter writer, SweepLevel level)
    {
        writer.WriteStartObject();
        writer.WriteNumber("concurrency", level.Concurrency);
        writer.WriteBoolean("concurrency_reached", level.Reached);
        SummaryScalarsJson.WriteSummaryScalars(writer, level.Summary);
        if (level.Server.Count > 0)
        {
            ServerSummaryJson.Write(writer, level.Server, level.Summary);
        }
        if (level.Repeats.Count > 0)
        {
            writer.WriteStartObject("throughput_spread");
            RepeatAggregateJson.Write(writer, "request_throughput", level.RequestThroughput);
            RepeatAggregateJson.Write(writer, "output_throughput", level.OutputThroughput);
            RepeatAggregateJson.Write(writer, "request_goodput", level.Goodput);
            writer.WriteEndObject();
            RepeatAggregateJson.Write(writer, new RepeatAggregate(level.Repeats));
            writer.WriteStartArray("repeats");
            foreach (var repeat in level.Repeats)
            {
                writer.WriteStartObject();
                SummaryScalarsJson.WriteSummaryScalars(writer, repeat);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
