using System.Text.Json;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The scalars of a run summary as summary.json and sweep.json write them: every <see cref="MetricCatalog"/>
/// key (null when undefined, counts as integers), the goodput SLO, the two error objects and, for a multi-turn
/// run, the by-turn and session blocks.
/// </summary>
internal static class SummaryScalarsJson
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
        if (summary.MultiTurn is { } multiTurn)
        {
            MultiTurnJson.Write(writer, multiTurn);
        }
        if (summary.ByModel is { } byModel)
        {
            // each model's object holds the same keys as the run's own scalars
            writer.WriteStartObject(ByModelKey);
            foreach (ModelSummary model in byModel)
            {
                writer.WriteStartObject(model.Model);
                WriteSummaryScalars(writer, model.Summary);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
    }

    /// <summary>summary.json key of the per-model summaries of a run with a model mix.</summary>
    public const string ByModelKey = "by_model";

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

    public static void WriteErrors(Utf8JsonWriter writer, string key, IReadOnlyList<ErrorCount> errors)
    {
        writer.WriteStartObject(key);
        foreach (ErrorCount error in errors)
        {
            writer.WriteNumber(error.Label, error.Count);
        }
        writer.WriteEndObject();
    }
}
