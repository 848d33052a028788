namespace LlmLoad.Core.Telemetry;

/// <summary>
/// Turns one page's scrapes into its <see cref="ServerSummary"/> over a run's measured window (pure). The
/// counters' and histograms' baseline is the last good scrape at or before the window opens (else the first
/// good one); their end is the last good scrape. Gauges average the good scrapes inside the window. A counter
/// that goes down between scrapes was reset (a server restart): its increase restarts from zero there.
/// </summary>
public static class ServerSummarizer
{
    public static ServerSummary Summarize(Uri url, IReadOnlyList<ServerScrape> scrapes, double windowStartMs, double windowEndMs)
    {
        ArgumentNullException.ThrowIfNull(scrapes);
        var own = scrapes.Where(s => s.Url == url).OrderBy(s => s.AtMs).ToArray();
        var good = own.Where(s => s.Succeeded).ToArray();
        var notes = new List<string>();
        var failed = own.Where(s => !s.Succeeded).ToArray();
        if (failed.Length > 0)
        {
            var reasons = string.Join("; ", failed.GroupBy(s => s.Error).Select(g => $"{g.Key} ({g.Count()}x)"));
            notes.Add($"{failed.Length} of {own.Length} scrapes of {url} failed and were skipped: {reasons}.");
        }
        var engine = good.Select(s => s.Engine).FirstOrDefault(e => e is not null);
        if (good.Length == 0)
        {
            notes.Add($"no scrape of {url} succeeded; no server metrics for this run.");
            return new ServerSummary { Url = url, Scrapes = own.Length, FailedScrapes = failed.Length, Notes = notes };
        }
        if (engine is null)
        {
            notes.Add($"{url} is no engine llmload knows (engine-map.json); its metrics are kept raw in server_metrics.jsonl.");
            return new ServerSummary { Url = url, Scrapes = own.Length, FailedScrapes = failed.Length, Notes = notes };
        }

        var baselineIndex = Array.FindLastIndex(good, s => s.AtMs <= windowStartMs);
        var fromWindow = good[Math.Max(baselineIndex, 0)..];
        var inWindow = good.Where(s => s.AtMs >= windowStartMs && s.AtMs <= windowEndMs).ToArray();
        if (inWindow.Length == 0)
        {
            notes.Add($"no scrape of {url} fell inside the measured window; gauges are missing (shorten --scrape-interval).");
        }
        var gauges = new Dictionary<string, ServerGauge>();
        var counters = new Dictionary<string, double>();
        double? hitRate = null;
        ServerLatency? ttft = null, queueTime = null;
        foreach (var metric in engine.Metrics)
        {
            switch (metric.Kind)
            {
                case EngineMetricKind.Gauge:
                    var values = inWindow.Select(s => metric.Read(s.Page!)).OfType<double>().ToArray();
                    if (values.Length > 0)
                    {
                        gauges[metric.Common] = new ServerGauge(values.Average(), values.Max(), values.Length);
                    }
                    break;
                case EngineMetricKind.Counter when Increase(fromWindow.Select(s => metric.Read(s.Page!))) is { } increase:
                    counters[metric.Common] = increase;
                    break;
                case EngineMetricKind.CounterRatio:
                    var hits = Increase(fromWindow.Select(s => metric.Read(s.Page!)));
                    var queries = Increase(fromWindow.Select(s => metric.ReadDenominator(s.Page!)));
                    hitRate = queries is > 0 ? hits / queries : null;
                    break;
                case EngineMetricKind.Histogram:
                    var latency = ServerLatency.From(metric.ReadHistogram(fromWindow[^1].Page!)?.Minus(metric.ReadHistogram(fromWindow[0].Page!)));
                    if (metric.Common == CommonMetric.ServerTtft)
                    {
                        ttft = latency;
                    }
                    else if (metric.Common == CommonMetric.ServerQueueTime)
                    {
                        queueTime = latency;
                    }
                    break;
            }
        }
        if (gauges.TryGetValue(CommonMetric.PrefixCacheHitRate, out var hitGauge))
        {
            gauges.Remove(CommonMetric.PrefixCacheHitRate);
            hitRate ??= hitGauge.Mean; // SGLang exports the rate itself, per prefill batch
        }
        return new ServerSummary
        {
            Url = url,
            Engine = engine.Name,
            Scrapes = own.Length,
            FailedScrapes = failed.Length,
            Gauges = gauges,
            Counters = counters,
            PrefixCacheHitRate = hitRate,
            Ttft = ttft,
            QueueTime = queueTime,
            Notes = notes,
        };
    }

    /// <summary>A counter's increase over successive readings; a drop is a reset, after which the reading itself is the increase.</summary>
    internal static double? Increase(IEnumerable<double?> readings)
    {
        double? previous = null;
        double? total = null;
        foreach (var reading in readings)
        {
            if (reading is not { } value)
            {
                continue;
            }
            if (previous is { } before)
            {
                total = (total ?? 0) + (value >= before ? value - before : value);
            }
            else
            {
                total = 0;
            }
            previous = value;
        }
        return total;
    }
}
