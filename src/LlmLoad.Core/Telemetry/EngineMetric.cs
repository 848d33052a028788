namespace LlmLoad.Core.Telemetry;

/// <summary>
/// One entry of an engine's map: the common name, how it is read, the engine's names for it (alternatives,
/// the first present wins), the label values a sample must have, and whether series add up or average.
/// </summary>
public sealed record EngineMetric(
    string Common,
    EngineMetricKind Kind,
    IReadOnlyList<string> Names,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Denominator,
    bool Average)
{
    /// <summary>The value on one page (for a ratio, the numerator), or null when the page lacks every name.</summary>
    public double? Read(PrometheusExposition page) => Read(page, Names);

    /// <summary>The denominator of a <see cref="EngineMetricKind.CounterRatio"/> on one page.</summary>
    public double? ReadDenominator(PrometheusExposition page) => Read(page, Denominator);

    /// <summary>The histogram on one page, summed over its series, or null.</summary>
    public HistogramSnapshot? ReadHistogram(PrometheusExposition page) =>
        Names.Select(name => HistogramSnapshot.From(page, name)).FirstOrDefault(h => h is not null);

    private double? Read(PrometheusExposition page, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var values = page.Samples
                .Where(s => s.Name == name && Labels.All(l => s.Label(l.Key) == l.Value) && !double.IsNaN(s.Value))
                .Select(s => s.Value)
                .ToArray();
            if (values.Length > 0)
            {
                return Average ? values.Average() : values.Sum();
            }
        }
        return null;
    }
}
