using LlmLoad.Core.Sweep;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// The engine's side of a sweep, for models whose levels scraped engine metrics: running and waiting (max per
/// level), KV cache usage (max, %) and preemptions, against concurrency. No chart when no level has them. Pure.
/// </summary>
internal static class ServerChartSpecs
{
    public static IReadOnlyList<ChartSpec> Build(IReadOnlyList<ModelSweep> models)
    {
        var withEngine = models.Select((model, index) => (Model: model, Index: index))
            .Where(m => m.Model.Levels.Any(l => SweepExplainer.EngineBlock(l) is not null))
            .ToArray();
        if (withEngine.Length == 0)
        {
            return [];
        }
        var specs = new List<ChartSpec>
        {
            new("server-running-waiting", "Engine: requests running and waiting (max) vs max concurrency", "Requests",
            [
                .. withEngine.SelectMany(m => new[]
                {
                    Series(m.Model.Label + " running", m.Index, m.Model.Levels, s => s.Gauge(CommonMetric.Running)?.Max),
                    Series(m.Model.Label + " waiting", m.Index, m.Model.Levels, s => s.Gauge(CommonMetric.Waiting)?.Max) with { Secondary = true },
                }),
            ], []),
            new("server-kv-cache", "Engine: KV cache usage (max) vs max concurrency", "KV cache usage (%)",
                [.. withEngine.Select(m => Series(m.Model.Label, m.Index, m.Model.Levels, s => s.Gauge(CommonMetric.KvCacheUsage)?.Max * 100))], [], YMax: 100),
            new("server-preemptions", "Engine: preemptions per level vs max concurrency", "Preemptions",
                [.. withEngine.Select(m => Series(m.Model.Label, m.Index, m.Model.Levels, s => s.Counter(CommonMetric.Preemptions)))], []),
        };
        return specs;
    }

    private static ChartSeries Series(string legend, int index, IReadOnlyList<SweepLevel> levels, Func<ServerSummary, double?> value)
    {
        (double X, double Y)[] points = [.. levels
            .OrderBy(l => l.Load)
            .Select(l => (X: l.Load.Value, Y: SweepExplainer.EngineBlock(l) is { } server ? value(server) : null))
            .Where(p => p.Y is { } y && double.IsFinite(y))
            .Select(p => (p.X, p.Y!.Value))];
        return new ChartSeries(legend, ModelPalette.HexColor(index), [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
    }
}
