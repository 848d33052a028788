namespace LlmLoad.Core.Telemetry;

/// <summary>
/// One parsed <c>/metrics</c> page: every sample in page order, the declared type of each family, and the
/// lines that could not be read (<see cref="Problems"/>, "line N: why"), which were skipped.
/// </summary>
public sealed record PrometheusExposition(
    IReadOnlyList<PrometheusSample> Samples,
    IReadOnlyDictionary<string, PrometheusMetricType> Types,
    IReadOnlyList<string> Problems)
{
    /// <summary>The declared type of the family a sample belongs to (<c>x_bucket</c>, <c>x_sum</c>, <c>x_count</c> belong to <c>x</c>).</summary>
    public PrometheusMetricType TypeOf(string sampleName)
    {
        if (Types.TryGetValue(sampleName, out var type))
        {
            return type;
        }
        foreach (var suffix in s_familySuffixes)
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && Types.TryGetValue(sampleName[..^suffix.Length], out type))
            {
                return type;
            }
        }
        return PrometheusMetricType.Untyped;
    }

    private static readonly string[] s_familySuffixes = ["_bucket", "_sum", "_count", "_total", "_created"];
}
