using System.Text.Json;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The summary.json scalars of one run inside sweep.json: every <see cref="MetricCatalog"/> key
/// (null when undefined, counts as integers), the goodput SLO and the two error objects; the
/// per-second series stays in the level's own summary.json.
/// </summary>
internal static class LevelJson
{
    public static void WriteSummaryScalars(Utf8JsonWriter writer, RunSummary summary)
    {
        foreach (MetricDefinition metric in MetricCatalog.All)
        {
            WriteNumber(writer, metric.Key, metric.ValueOf(summary), metric.IsCount);
        }
        writer.WriteString(SummaryJsonWriter.SloKey, summary.Slo?.ToString());
        WriteErrors(writer, MetricCatalog.ErrorsKey, summary.ErrorsByClass);
        WriteErrors(writer, MetricCatalog.ErrorsByStatusKey, summary.ErrorsByClassAndStatus);
    }

    public static void WriteNumber(Utf8JsonWriter writer, string key, double? value, bool isCount = false)
    {
        if (value is not { } number || !double.IsFinite(number))
        {
            writer.WriteNull(key);
        }
        else if (isCount)
        {
            writer.WriteNumber(key, (long)number);
        }
        else
        {
            writer.WriteNumber(key, number);
        }
    }

    private static void WriteErrors(Utf8JsonWriter writer, string key, IReadOnlyList<ErrorCount> errors)
    {
        writer.WriteStartObject(key);
        foreach (ErrorCount error in errors)
        {
            writer.WriteNumber(error.Label, error.Count);
        }
        writer.WriteEndObject();
    }
}
