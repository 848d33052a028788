namespace LlmLoad.Core.Telemetry;

/// <summary>
/// A Prometheus histogram at one scrape: cumulative counts per upper bound (the last bound is +Inf), the
/// sum and the count, added up over every series of the family (one per model, engine or rank). Pure.
/// </summary>
public sealed record HistogramSnapshot(IReadOnlyList<double> UpperBounds, IReadOnlyList<double> Cumulative, double Sum, double Count)
{
    /// <summary>The histogram <paramref name="family"/> of a page, or null when the page has no bucket of it.</summary>
    public static HistogramSnapshot? From(PrometheusExposition page, string family)
    {
        ArgumentNullException.ThrowIfNull(page);
        var buckets = new SortedDictionary<double, double>();
        double sum = 0, count = 0;
        foreach (var sample in page.Samples)
        {
            if (sample.Name == family + "_bucket" && sample.Label("le") is { } le && TryBound(le, out var bound))
            {
                buckets[bound] = buckets.GetValueOrDefault(bound) + sample.Value;
            }
            else if (sample.Name == family + "_sum")
            {
                sum += sample.Value;
            }
            else if (sample.Name == family + "_count")
            {
                count += sample.Value;
            }
        }
        if (buckets.Count == 0)
        {
            return null;
        }
        return new HistogramSnapshot([.. buckets.Keys], [.. buckets.Values], sum, count);
    }

    /// <summary>
    /// What was observed between <paramref name="earlier"/> and this scrape. A count that went down means
    /// the server restarted (a counter reset), so everything since then is this scrape's own counts; bucket
    /// layouts that differ (a reconfigured server) leave this scrape's counts too.
    /// </summary>
    public HistogramSnapshot Minus(HistogramSnapshot? earlier)
    {
        if (earlier is null || !earlier.UpperBounds.SequenceEqual(UpperBounds) || Cumulative.Where((c, i) => c < earlier.Cumulative[i]).Any() || Count < earlier.Count)
        {
            return this;
        }
        return new HistogramSnapshot(UpperBounds, [.. Cumulative.Select((c, i) => c - earlier.Cumulative[i])], Sum - earlier.Sum, Count - earlier.Count);
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0..1) estimated as Prometheus' <c>histogram_quantile</c> does: linear
    /// within the bucket that holds it, the lower edge of the first bucket taken as 0; a quantile in the +Inf
    /// bucket answers the highest finite bound. Null when nothing was observed.
    /// </summary>
    public double? Quantile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = Cumulative.Count > 0 ? Cumulative[^1] : 0;
        if (total <= 0)
        {
            return null;
        }
        var rank = quantile * total;
        for (var i = 0; i < UpperBounds.Count; i++)
        {
            if (Cumulative[i] >= rank)
            {
                if (double.IsPositiveInfinity(UpperBounds[i]))
                {
                    return i > 0 ? UpperBounds[i - 1] : null;
                }
                var lower = i == 0 ? 0 : UpperBounds[i - 1];
                var below = i == 0 ? 0 : Cumulative[i - 1];
                var inBucket = Cumulative[i] - below;
                return inBucket <= 0 ? UpperBounds[i] : lower + ((UpperBounds[i] - lower) * (rank - below) / inBucket);
            }
        }
        return null;
    }

    /// <summary>The bucket bounds around <paramref name="value"/>: how finely this histogram can place it.</summary>
    public (double Lower, double Upper) BucketAround(double value)
    {
        for (var i = 0; i < UpperBounds.Count; i++)
        {
            if (value <= UpperBounds[i])
            {
                return (i == 0 ? 0 : UpperBounds[i - 1], UpperBounds[i]);
            }
        }
        return (UpperBounds.Count > 0 ? UpperBounds[^1] : 0, double.PositiveInfinity);
    }

    private static bool TryBound(string le, out double bound)
    {
        if (le is "+Inf" or "Inf" or "inf")
        {
            bound = double.PositiveInfinity;
            return true;
        }
        return double.TryParse(le, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out bound);
    }
}
