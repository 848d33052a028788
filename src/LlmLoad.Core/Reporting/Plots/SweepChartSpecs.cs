using System.Globalization;
using System.Text;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// The charts of a study, as the published study draws them plus the latency and success views:
/// output token throughput of all models on one chart; request throughput per model (with its
/// knee, breakpoint and plateau marked); TTFT and TPOT p50/p99; success rate; for multi-turn sweeps, mean
/// TTFT by turn with one line per level; with per-request SLOs (<c>--goodput</c>), goodput beside request
/// throughput and SLO attainment; the engine's running/waiting, KV usage and preemptions when it was scraped
/// (<see cref="ServerChartSpecs"/>). Pure: models in, specs out.
/// </summary>
internal static class SweepChartSpecs
{
    public static IReadOnlyList<ChartSpec> Build(IReadOnlyList<ModelSweep> models, ChartOptions options)
    {
        var specs = new List<ChartSpec>
        {
            new("output-throughput", "Output token throughput vs max concurrency", "Output token throughput (tok/s)",
                [.. models.Select((m, i) => Throughput(m, i, l => l.OutputThroughput))], []),
        };
        string[] slugs = UniqueSlugs(models.Select(m => m.Label));
        for (int i = 0; i < models.Count; i++)
        {
            specs.Add(RequestThroughput(models[i], i, slugs[i], options));
        }
        specs.Add(Latency("ttft", "TTFT p50 and p99 vs max concurrency", "TTFT (ms)", models));
        specs.Add(Latency("tpot", "TPOT p50 and p99 vs max concurrency", "TPOT (ms)", models));
        specs.Add(new ChartSpec("success-rate", "Success rate vs max concurrency", "Success rate (%)",
            [.. models.Select((m, i) => Series(m.Label, i, m.Levels, l => l.SuccessRate * 100))], [], YMax: 100));
        specs.AddRange(ServerChartSpecs.Build(models));
        for (int i = 0; i < models.Count; i++)
        {
            if (TtftByTurn(models[i], slugs[i]) is { } byTurn)
            {
                specs.Add(byTurn);
            }
        }
        if (models.Any(m => m.Levels.Any(l => l.Summary.Slo is not null)))
        {
            specs.Add(Goodput(models, options));
            specs.Add(new ChartSpec("slo-attainment", "SLO attainment vs max concurrency", "Requests meeting every SLO (%)",
                [.. models.Select((m, i) => Series(m.Label, i, m.Levels, l => l.SloAttainment * 100))], AttainmentMarks(models, options), YMax: 100));
        }
        return specs;
    }

    /// <summary>Goodput of each model, with its request throughput as a paler line: the gap is what missed the SLOs.</summary>
    private static ChartSpec Goodput(IReadOnlyList<ModelSweep> models, ChartOptions options)
    {
        var marks = new List<ChartMark>();
        // one model's verdicts only: several models' marks on one chart could not be told apart
        if (options.MarkVerdicts && models.Count == 1 && models[0].Analysis?.GoodputPeak?.Concurrency is { } best)
        {
            marks.Add(new ChartMark(best, "max goodput c=" + Level(best), "#555555"));
        }
        return new ChartSpec("goodput", "Request goodput vs max concurrency", "Request goodput (req/s)",
        [
            .. models.SelectMany((m, i) => new[]
            {
                Throughput(m, i, l => l.Goodput) with { Legend = m.Label + " goodput" },
                Throughput(m, i, l => l.RequestThroughput) with { Legend = m.Label + " throughput", Secondary = true, Low = null, High = null },
            }),
        ], marks);
    }

    private static List<ChartMark> AttainmentMarks(IReadOnlyList<ModelSweep> models, ChartOptions options) =>
        options.MarkVerdicts && models.Count == 1 && models[0].Analysis?.MaxConcurrencyAtAttainment is { Concurrency: { } at } ceiling
            ? [new ChartMark(at, $"max c at >={SweepFormat.ThresholdPercent(ceiling.Target)}: c={Level(at)}", "#555555")]
            : [];

    /// <summary>File stems from labels: lower case, runs of other characters as one '-', a number added to repeats.</summary>
    public static string[] UniqueSlugs(IEnumerable<string> labels)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return labels.Select(label =>
        {
            var slug = new StringBuilder();
            foreach (char c in label.ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c) || c == '.')
                {
                    slug.Append(c);
                }
                else if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }
            }
            string stem = slug.ToString().Trim('-', '.');
            stem = stem.Length == 0 ? "model" : stem;
            int count = seen[stem] = seen.GetValueOrDefault(stem) + 1;
            return count == 1 ? stem : stem + "-" + count.ToString(CultureInfo.InvariantCulture);
        }).ToArray();
    }

    private static ChartSpec RequestThroughput(ModelSweep model, int index, string slug, ChartOptions options)
    {
        var marks = new List<ChartMark>();
        (double, double, string)? span = null;
        if (options.MarkVerdicts && model.Analysis is { } analysis)
        {
            if (analysis.Knee is { } knee)
            {
                marks.Add(new ChartMark(knee.Concurrency, "knee c=" + Level(knee.Concurrency), "#555555"));
            }
            if (analysis.Breakpoint.Concurrency is { } breakpoint)
            {
                marks.Add(new ChartMark(breakpoint, "breakpoint c=" + Level(breakpoint), "#B00020"));
            }
            if (analysis.Plateau is { } plateau && plateau.FromConcurrency != plateau.ToConcurrency)
            {
                span = (plateau.FromConcurrency, plateau.ToConcurrency, "plateau");
            }
        }
        return new ChartSpec("request-throughput-" + slug, "Request throughput vs max concurrency: " + model.Label,
            "Request throughput (req/s)", [Throughput(model, index, l => l.RequestThroughput)], marks, span);
    }

    /// <summary>Mean TTFT by turn, one line per level, for a model whose levels ran multi-turn sessions; else null.</summary>
    private static ChartSpec? TtftByTurn(ModelSweep model, string slug)
    {
        SweepLevel[] levels = [.. model.Levels.Where(l => l.Summary.MultiTurn is not null).OrderBy(l => l.Concurrency)];
        if (levels.Length == 0)
        {
            return null;
        }
        ChartSeries[] series = levels.Select((level, index) =>
        {
            TurnStatistics[] turns = [.. level.Summary.MultiTurn!.ByTurn.Where(t => t.Ttft.Mean is not null)];
            return new ChartSeries("c=" + Level(level.Concurrency), ModelPalette.HexColor(index),
                [.. turns.Select(t => (double)t.Turn)], [.. turns.Select(t => t.Ttft.Mean!.Value)]);
        }).ToArray();
        return new ChartSpec("ttft-by-turn-" + slug, "Mean TTFT by turn at each level: " + model.Label, "Mean TTFT (ms)", series, [], XLabel: "Turn");
    }

    private static ChartSeries Throughput(ModelSweep model, int index, Func<SweepLevel, RepeatStatistics?> spread)
    {
        SweepLevel[] levels = [.. model.Levels.Where(l => spread(l) is not null).OrderBy(l => l.Concurrency)];
        return WithIntervals(model.Label, index, levels, spread);
    }

    /// <summary>Means over repeats, with the 95% intervals as error bars when any level was repeated (one run: its value, no bar).</summary>
    private static ChartSeries WithIntervals(string legend, int index, SweepLevel[] levels, Func<SweepLevel, RepeatStatistics?> statistics)
    {
        bool repeated = levels.Any(l => statistics(l)!.HalfWidth95 is not null);
        return new ChartSeries(
            legend,
            ModelPalette.HexColor(index),
            [.. levels.Select(l => (double)l.Concurrency)],
            [.. levels.Select(l => statistics(l)!.Mean)],
            Low: repeated ? [.. levels.Select(l => statistics(l)!.LowOrMean)] : null,
            High: repeated ? [.. levels.Select(l => statistics(l)!.HighOrMean)] : null);
    }

    /// <summary>p99 and p50 of a latency metric per level: the mean over repeats with its 95% interval (one run: the run's value).</summary>
    private static ChartSpec Latency(string metric, string title, string yLabel, IReadOnlyList<ModelSweep> models) =>
        new(metric, title, yLabel,
        [
            .. models.SelectMany((m, i) => new[]
            {
                LatencySeries(m.Label + " p99", i, m.Levels, MetricCatalog.LatencyKey("p99", metric)),
                LatencySeries(m.Label + " p50", i, m.Levels, MetricCatalog.LatencyKey("median", metric)) with { Secondary = true },
            }),
        ], []);

    private static ChartSeries LatencySeries(string legend, int index, IReadOnlyList<SweepLevel> levels, string key) =>
        WithIntervals(legend, index, [.. levels.Where(l => l.Aggregate[key] is not null).OrderBy(l => l.Concurrency)], l => l.Aggregate[key]);

    private static ChartSeries Series(string legend, int index, IReadOnlyList<SweepLevel> levels, Func<SweepLevel, double?> value)
    {
        (double X, double Y)[] points = levels
            .OrderBy(l => l.Concurrency)
            .Select(l => (X: (double)l.Concurrency, Y: value(l)))
            .Where(p => p.Y is { } y && double.IsFinite(y))
            .Select(p => (p.X, p.Y!.Value))
            .ToArray();
        return new ChartSeries(legend, ModelPalette.HexColor(index), [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
    }

    private static string Level(int concurrency) => concurrency.ToString(CultureInfo.InvariantCulture);
}
