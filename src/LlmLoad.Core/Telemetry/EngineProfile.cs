namespace LlmLoad.Core.Telemetry;

/// <summary>What llmload knows of one engine's metrics: its name, the names that identify it, and its map.</summary>
public sealed record EngineProfile(string Name, IReadOnlyList<string> Detect, IReadOnlyList<EngineMetric> Metrics)
{
    /// <summary>Whether a page comes from this engine: it has a sample of one of <see cref="Detect"/>.</summary>
    public bool Matches(PrometheusExposition page) => page.Samples.Any(s => Detect.Contains(s.Name));

    public EngineMetric? this[string common] => Metrics.FirstOrDefault(m => m.Common == common);
}
