namespace LlmLoad.Core.Metrics;

/// <summary>
/// The runs of one measurement repeated (a <c>run --repeats N</c>, or one sweep level): every
/// <see cref="MetricCatalog.All"/> metric as <see cref="RepeatStatistics"/> over the runs (mean, std, 95% interval),
/// in catalogue order. Pure: summaries in, statistics out.
/// </summary>
public sealed class RepeatAggregate
{
    private readonly Dictionary<string, RepeatStatistics?> _byKey;

    public RepeatAggregate(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("an aggregate needs at least one run", nameof(runs));
        }
        Runs = runs;
        Metrics = [.. MetricCatalog.All.Select(metric => (metric, RepeatStatistics.Of(runs, metric)))];
        _byKey = Metrics.ToDictionary(m => m.Metric.Key, m => m.Statistics, StringComparer.Ordinal);
    }

    /// <summary>The runs, in run order.</summary>
    public IReadOnlyList<RunSummary> Runs { get; }

    /// <summary>Every catalogue metric with its statistics over the runs (null when no run defines it), in catalogue order.</summary>
    public IReadOnlyList<(MetricDefinition Metric, RepeatStatistics? Statistics)> Metrics { get; }

    /// <summary>The statistics of the metric with summary.json key <paramref name="key"/>; null when no run defines it.</summary>
    public RepeatStatistics? this[string key] =>
        _byKey.TryGetValue(key, out RepeatStatistics? statistics)
            ? statistics
            : throw new KeyNotFoundException($"no metric named \"{key}\" in the catalogue");
}
