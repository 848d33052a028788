using System.Text.Json;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The <c>aggregate</c> block of a repeated run's summary.json and of a repeated sweep level in sweep.json:
/// <code>
/// "aggregate": { "repeats": 3, "confidence_level": 0.95,
///                "request_throughput": { "mean", "std", "min", "max", "ci95_low", "ci95_high", "ci95_half_width", "count" }, ... }
/// </code>
/// one object per <see cref="MetricCatalog.All"/> key in catalogue order (null when no repeat defines the metric); the
/// <c>ci95_*</c> fields are null with fewer than two defined values (no interval from one run).
/// </summary>
public static class RepeatAggregateJson
{
    public const string Key = "aggregate";

    public static void Write(Utf8JsonWriter writer, RepeatAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(aggregate);
        writer.WriteStartObject(Key);
        writer.WriteNumber("repeats", aggregate.Runs.Count);
        writer.WriteNumber("confidence_level", RepeatStatistics.ConfidenceLevel);
        foreach ((MetricDefinition metric, RepeatStatistics? statistics) in aggregate.Metrics)
        {
            Write(writer, metric.Key, statistics);
        }
        writer.WriteEndObject();
    }

    /// <summary>One metric's statistics as an object under <paramref name="key"/>, or null.</summary>
    public static void Write(Utf8JsonWriter writer, string key, RepeatStatistics? statistics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (statistics is null)
        {
            writer.WriteNull(key);
            return;
        }
        writer.WriteStartObject(key);
        writer.WriteNumber("mean", statistics.Mean);
        writer.WriteNumber("std", statistics.Std);
        writer.WriteNumber("min", statistics.Min);
        writer.WriteNumber("max", statistics.Max);
        SummaryScalarsJson.WriteNumber(writer, "ci95_low", statistics.Low95);
        SummaryScalarsJson.WriteNumber(writer, "ci95_high", statistics.High95);
        SummaryScalarsJson.WriteNumber(writer, "ci95_half_width", statistics.HalfWidth95);
        writer.WriteNumber("count", statistics.Count);
        writer.WriteEndObject();
    }
}
