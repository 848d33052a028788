using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// The charts of one run, in sections: the distributions of TTFT, TPOT and E2EL over its successful requests (CDFs),
/// and the run over time in 1 s buckets (output throughput, completed and failed requests per second, requests in
/// flight, TTFT p50 and p99). A chart with no point (TPOT of a non-streaming run) is left out. Pure: records and
/// summary in, specs out.
/// </summary>
internal static class RunChartSpecs
{
    private const string Ink = "#0072B2";
    private const string Failure = "#D55E00";
    private const string OverTimeLabel = "Time since the first request (s)";

    /// <summary>Every section of the report's charts; <paramref name="measured"/> excludes warm-up requests.</summary>
    public static IReadOnlyList<ChartSection> Build(RunSummary summary, IReadOnlyList<RequestRecord> measured)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(measured);
        // further sections (the engine's metrics over time) are added to this list
        ChartSection[] sections =
        [
            new("distributions", "Latency distributions", Present(Distributions(measured))),
            new("over-time", "Over time (1 s buckets)", Present(OverTime(summary, measured))),
        ];
        return [.. sections.Where(s => s.Charts.Count > 0)];
    }

    private static IEnumerable<ChartSpec> Distributions(IReadOnlyList<RequestRecord> measured)
    {
        RequestRecord[] successful = [.. measured.Where(r => r.IsSuccess)];
        yield return Cdf("ttft", "TTFT", successful, RequestLatency.TtftMs);
        yield return Cdf("tpot", "TPOT", successful, RequestLatency.TpotMs);
        yield return Cdf("e2el", "E2EL", successful, RequestLatency.E2elMs);
    }

    private static ChartSpec Cdf(string key, string name, IReadOnlyList<RequestRecord> successful, Func<RequestRecord, double?> latencyMs)
    {
        double[] samples = [.. successful.Select(latencyMs).OfType<double>()];
        var points = LatencyCdf.Of(samples);
        string count = samples.Length.ToString(CultureInfo.InvariantCulture);
        return new ChartSpec(key + "-distribution", $"{name} distribution ({count} successful requests)", "Requests at or below (%)",
            [new ChartSeries(name, Ink, [.. points.Select(p => p.ValueMs)], [.. points.Select(p => p.Fraction * 100)], Markers: samples.Length <= 50)],
            [], YMax: 100, XLabel: name + " (ms)", IntegerX: false);
    }

    private static IEnumerable<ChartSpec> OverTime(RunSummary summary, IReadOnlyList<RequestRecord> measured)
    {
        TimeSeries series = summary.TimeSeries;
        TtftOverTime ttft = TtftOverTime.Build(measured, series);
        IReadOnlyList<ChartMark> marks = TurnMarks(summary);
        foreach (ChartSpec spec in OverTimeCharts(series, ttft))
        {
            yield return spec with { Marks = marks };
        }
    }

    private static IEnumerable<ChartSpec> OverTimeCharts(TimeSeries series, TtftOverTime ttft)
    {
        yield return Timeline("output-throughput-over-time", "Output token throughput per second", "Output token throughput (tok/s)",
            Line("output tok/s", Ink, series.OutputTokens.Select(v => (double?)v)));
        yield return Timeline("requests-over-time", "Requests completed and failed per second", "Requests per second",
            Line("completed", Ink, series.Completions.Select(v => (double?)v)),
            Line("failed", Failure, series.Errors.Select(v => (double?)v)));
        yield return Timeline("in-flight-over-time", "Requests in flight: max and time-weighted mean per second", "Requests in flight",
            Line("max", Ink, series.InFlightMax.Select(v => (double?)v)),
            Line("mean", Ink, series.InFlightMean.Select(v => (double?)v)) with { Secondary = true });
        yield return Timeline("ttft-over-time", "TTFT p50 and p99 per second (by first token)", "TTFT (ms)",
            Line("p99", Ink, ttft.P99Ms),
            Line("p50", Ink, ttft.P50Ms) with { Secondary = true });
    }

    private static ChartSpec Timeline(string name, string title, string yLabel, params ChartSeries[] series) =>
        new(name, title, yLabel, series, [], XLabel: OverTimeLabel);

    /// <summary>A ramp's turn point as a mark on every over-time chart, at the start of the turning second.</summary>
    private static IReadOnlyList<ChartMark> TurnMarks(RunSummary summary) => summary.RampTurnPoint is { } turn
        ? [new ChartMark(turn.TimeSeconds, string.Create(CultureInfo.InvariantCulture, $"{turn.Reason} turn at {turn.OfferedLoad:0.##} {OfferedUnit(summary)}"), Failure)]
        : [];

    private static string OfferedUnit(RunSummary summary) => summary.Ramp?.Kind == RampKind.Users ? "users" : "req/s";

    /// <summary>One point per bucket that has a value, at the bucket's middle; a bucket without one leaves a gap in the data, not a zero.</summary>
    private static ChartSeries Line(string legend, string hexColor, IEnumerable<double?> perBucket)
    {
        (double X, double Y)[] points = [.. perBucket
            .Select((value, k) => (X: (k + 0.5) * TimeSeries.BucketSeconds, Y: value))
            .Where(p => p.Y is { } y && double.IsFinite(y))
            .Select(p => (p.X, p.Y!.Value))];
        return new ChartSeries(legend, hexColor, [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)], Markers: points.Length <= 30);
    }

    private static IReadOnlyList<ChartSpec> Present(IEnumerable<ChartSpec> specs) => [.. specs.Where(s => s.Series.Any(l => l.Values.Count > 0))];
}
