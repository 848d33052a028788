using System.Text.Encodings.Web;
using System.Text.Json;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Study;

/// <summary>
/// Writes study.json, the machine-readable summary of a study:
/// <code>
/// { "tool", "tool_version", "started_at", "interrupted", "study", "baseline_concurrency", "requests_scale", "config",
///   "targets": [ { "name", "model", "mode", "baseline_dir", "sweep_dir", "error",
///                  "baseline": { every summary.json scalar } | null,
///                  "analysis": { as in sweep.json } | null } ] }
/// </code>
/// Each target's levels stay in its own sweep.json (under <c>sweep_dir</c>); <see cref="StudyJsonReader"/> reads the file back.
/// </summary>
public static class StudyJsonWriter
{
    public static void Write(Stream stream, StudyDocument document)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(document);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("tool", SummaryJsonWriter.ToolName);
        writer.WriteString("tool_version", document.ToolVersion);
        StartedAtJson.Write(writer, document.StartedAt);
        writer.WriteBoolean("interrupted", document.Interrupted);
        writer.WriteString("study", document.Name);
        SummaryScalarsJson.WriteNumber(writer, "baseline_concurrency", document.BaselineConcurrency, isCount: true);
        writer.WriteNumber("requests_scale", document.RequestsScale);
        writer.WritePropertyName("config");
        if (document.Configuration is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            document.Configuration.WriteTo(writer);
        }
        writer.WriteStartArray("targets");
        foreach (StudyTargetResult target in document.Targets)
        {
            WriteTarget(writer, target);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteTarget(Utf8JsonWriter writer, StudyTargetResult target)
    {
        writer.WriteStartObject();
        writer.WriteString("name", target.Name);
        writer.WriteString("model", target.Model);
        writer.WriteString("mode", StudyJsonReader.ModeName(target.Mode));
        writer.WriteString("baseline_dir", target.BaselineDirectory.Replace('\\', '/'));
        writer.WriteString("sweep_dir", target.SweepDirectory.Replace('\\', '/'));
        writer.WriteString("error", target.Error);
        if (target.Baseline is { } baseline)
        {
            writer.WriteStartObject("baseline");
            SummaryScalarsJson.WriteSummaryScalars(writer, baseline);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("baseline");
        }
        if (target.Analysis is { } analysis)
        {
            writer.WritePropertyName("analysis");
            SweepAnalysisJson.Write(writer, analysis);
        }
        else
        {
            writer.WriteNull("analysis");
        }
        writer.WriteEndObject();
    }
}
