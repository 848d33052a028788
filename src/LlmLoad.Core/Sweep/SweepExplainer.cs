using System.Globalization;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// Names the server-side cause of a plateau and a breakpoint from each level's engine metrics (pure; the
/// rules are listed in docs/server-metrics.md). In rule order:
/// <list type="number">
/// <item>no level of the range has an engine's metrics: <see cref="ExplanationKind.NoServerMetrics"/>;</item>
/// <item>breakpoint only: requests refused (429/502/503/504, connect) or cut short while the engine's queue was empty or the engine held
/// well under the offered concurrency, or whatever the engine held when every such failure was a cut stream or a refused
/// connection: <see cref="ExplanationKind.GatewayLimit"/>;</item>
/// <item>KV cache at or above <see cref="KvFullFraction"/> with preemptions: <see cref="ExplanationKind.KvCacheExhausted"/>;</item>
/// <item>running within <see cref="RunningFlatFraction"/> of its highest value, below the offered concurrency, with
/// requests waiting: <see cref="ExplanationKind.SchedulerFull"/>;</item>
/// <item>otherwise <see cref="ExplanationKind.Unexplained"/>, with the figures.</item>
/// </list>
/// </summary>
public static class SweepExplainer
{
    /// <summary>KV usage from which the cache counts as exhausted (vLLM preempts when it cannot allocate a block).</summary>
    public const double KvFullFraction = 0.95;

    /// <summary>Running at least this fraction of its highest value counts as flat at the cap (scrapes catch a batch between steps).</summary>
    public const double RunningFlatFraction = 0.9;

    /// <summary>The engine held fewer than this fraction of the offered requests: the rest were stopped in front of it.</summary>
    public const double HeldFraction = 0.9;

    private static readonly int[] s_refusalStatuses = [429, 502, 503, 504];

    /// <summary>
    /// Failures an engine does not cause: refusals (429/502/503/504), refused connections, and streams cut short
    /// (an engine ends a stream with a finish reason; a proxy over its limit cuts it).
    /// </summary>
    private static bool InFrontOfTheEngine(Metrics.ErrorCount error) =>
        error.Outcome is Recording.RequestOutcome.Connect or Recording.RequestOutcome.StreamTruncated
        || (error.Outcome == Recording.RequestOutcome.HttpStatus && error.HttpStatus is { } status && s_refusalStatuses.Contains(status));

    public static SweepExplanation ExplainPlateau(IReadOnlyList<SweepLevel> sorted, PlateauRange plateau)
    {
        var range = sorted.Where(l => l.Concurrency >= plateau.FromConcurrency && l.Concurrency <= plateau.ToConcurrency).ToArray();
        var engine = range.Select(l => (Level: l, Server: EngineBlock(l))).Where(x => x.Server is not null).ToArray();
        var where = $"plateau from {SweepFormat.Level(plateau.FromConcurrency)}";
        if (engine.Length == 0)
        {
            return NoMetrics(where);
        }
        var cap = engine.Max(x => x.Server!.Gauge(CommonMetric.Running)?.Max ?? 0);
        var (top, topServer) = engine[^1];
        var kvMax = engine.Max(x => x.Server!.Gauge(CommonMetric.KvCacheUsage)?.Max ?? 0);
        var preemptions = engine.Sum(x => x.Server!.Counter(CommonMetric.Preemptions) ?? 0);
        var observations = engine.SelectMany(x => Observations(x.Level, x.Server!, cap)).ToList();
        var figures = Figures(kvMax, preemptions);
        if (kvMax >= KvFullFraction && preemptions > 0)
        {
            return new SweepExplanation(ExplanationKind.KvCacheExhausted, new SweepEvidence(KvCriterion, observations,
                $"{where}: the KV cache is full (up to {SweepFormat.Percent(kvMax)}) and the engine preempted {Count(preemptions)} sequences; running up to {Count(cap)}."));
        }
        var waiting = topServer!.Gauge(CommonMetric.Waiting)?.Max ?? 0;
        var running = topServer.Gauge(CommonMetric.Running)?.Max ?? 0;
        if (cap > 0 && running >= RunningFlatFraction * cap && cap < top.Concurrency && waiting >= 1)
        {
            return new SweepExplanation(ExplanationKind.SchedulerFull, new SweepEvidence(SchedulerCriterion, observations,
                $"{where} because the engine runs at most {Count(cap)} sequences and queues the rest (waiting up to {Count(waiting)} at {SweepFormat.Level(top.Concurrency)}){figures}."));
        }
        return new SweepExplanation(ExplanationKind.Unexplained, new SweepEvidence(SchedulerCriterion, observations,
            $"{where}: the engine's metrics show no engine limit (running up to {Count(cap)}, waiting up to {Count(waiting)} at {SweepFormat.Level(top.Concurrency)}{figures}); "
            + "the limit may be compute or something in front of the engine."));
    }

    public static SweepExplanation ExplainBreakpoint(IReadOnlyList<SweepLevel> sorted, int breakpoint)
    {
        var level = sorted.First(l => l.Concurrency == breakpoint);
        var where = $"breakpoint at {SweepFormat.Level(breakpoint)}";
        if (EngineBlock(level) is not { } server)
        {
            return NoMetrics(where);
        }
        var cap = sorted.Select(EngineBlock).Max(s => s?.Gauge(CommonMetric.Running)?.Max ?? 0);
        var running = server.Gauge(CommonMetric.Running)?.Max ?? 0;
        var waiting = server.Gauge(CommonMetric.Waiting)?.Max ?? 0;
        var kvMax = server.Gauge(CommonMetric.KvCacheUsage)?.Max ?? 0;
        var preemptions = server.Counter(CommonMetric.Preemptions) ?? 0;
        var refusals = level.Summary.ErrorsByClassAndStatus.Where(InFrontOfTheEngine).ToArray();
        var refused = refusals.Sum(e => e.Count);
        var held = running + waiting;
        var observations = Observations(level, server, cap).ToList();
        observations.Add(new SweepObservation(level.Concurrency, "failed_before_engine", refused, ">", 0, refused > 0));
        observations.Add(new SweepObservation(level.Concurrency, "server.running+waiting.max", held, "<", HeldFraction * level.Concurrency, held < HeldFraction * level.Concurrency));
        // a refusal status may be the engine's own queue (a gateway timing out on it, an engine's admission limit) when
        // the engine holds all it is offered; a stream cut after the engine answered, or a connection never made, is not
        var cutOrUnconnected = refusals.Where(e => e.Outcome is Recording.RequestOutcome.Connect or Recording.RequestOutcome.StreamTruncated).Sum(e => e.Count);
        if (refused > 0 && (waiting < 1 || held < HeldFraction * level.Concurrency || cutOrUnconnected == refused))
        {
            var failures = string.Join(", ", refusals.OrderByDescending(e => e.Count).Select(e => $"{e.Label} x{Count(e.Count)}"));
            return new SweepExplanation(ExplanationKind.GatewayLimit, new SweepEvidence(GatewayCriterion, observations,
                $"{where}: {Count(refused)} requests failed in front of the engine ({failures}) while the engine held up to {Count(held)} "
                + $"({Count(running)} running + {Count(waiting)} waiting) of the {Count(level.Concurrency)} offered: the limit is in front of the engine (a proxy or gateway), not its queue."));
        }
        if (kvMax >= KvFullFraction && preemptions > 0)
        {
            return new SweepExplanation(ExplanationKind.KvCacheExhausted, new SweepEvidence(KvCriterion, observations,
                $"{where}: the KV cache is full (up to {SweepFormat.Percent(kvMax)}) and the engine preempted {Count(preemptions)} sequences."));
        }
        if (cap > 0 && running >= RunningFlatFraction * cap && waiting >= 1)
        {
            return new SweepExplanation(ExplanationKind.SchedulerFull, new SweepEvidence(SchedulerCriterion, observations,
                $"{where}: the engine runs at most {Count(cap)} sequences and {Count(waiting)} requests wait in its queue{Figures(kvMax, preemptions)}."));
        }
        return new SweepExplanation(ExplanationKind.Unexplained, new SweepEvidence(GatewayCriterion, observations,
            $"{where}: the engine's metrics match no rule (running up to {Count(running)}, waiting up to {Count(waiting)}{Figures(kvMax, preemptions)}, {Count(refused)} requests failed before the engine)."));
    }

    /// <summary>The reading with the causes' findings after it; one "no server metrics" sentence when neither had any.</summary>
    public static string AddToReading(string reading, SweepExplanation? plateau, SweepExplanation? breakpoint)
    {
        SweepExplanation[] causes = [.. new[] { plateau, breakpoint }.OfType<SweepExplanation>()];
        if (causes.Length == 0)
        {
            return reading;
        }
        if (causes.All(c => c.Kind == ExplanationKind.NoServerMetrics))
        {
            return reading + " No server metrics, so no cause is given.";
        }
        return reading + " " + string.Join(" ", causes.Select(c => Capitalized(c.Evidence.Finding)));
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private const string SchedulerCriterion = "server running flat at its highest value (>= 90%) below the offered concurrency while requests wait (docs/server-metrics.md)";
    private const string KvCriterion = "server KV cache usage >= 95% with preemptions (docs/server-metrics.md)";
    private const string GatewayCriterion = "requests refused (429/502/503/504, connect) or cut short while the engine queue is empty or the engine holds < 90% of the offered concurrency, "
        + "or only cut short or unconnected (docs/server-metrics.md)";

    /// <summary>The level's page of a known engine that reports running sequences; null when none.</summary>
    internal static ServerSummary? EngineBlock(SweepLevel level) => ServerSummary.EnginePage(level.Server);

    private static SweepExplanation NoMetrics(string where) => new(ExplanationKind.NoServerMetrics,
        new SweepEvidence("engine metrics scraped at the levels concerned", [], $"{where}: no server metrics, so no cause is given."));

    private static IEnumerable<SweepObservation> Observations(SweepLevel level, ServerSummary server, double cap)
    {
        var running = server.Gauge(CommonMetric.Running)?.Max;
        yield return new SweepObservation(level.Concurrency, "server.running.max", running, ">=", RunningFlatFraction * cap, running >= RunningFlatFraction * cap);
        var waiting = server.Gauge(CommonMetric.Waiting)?.Max;
        yield return new SweepObservation(level.Concurrency, "server.waiting.max", waiting, ">=", 1, waiting >= 1);
        if (server.Gauge(CommonMetric.KvCacheUsage)?.Max is { } kv)
        {
            yield return new SweepObservation(level.Concurrency, "server.kv_cache_usage.max", kv, ">=", KvFullFraction, kv >= KvFullFraction);
        }
        if (server.Counter(CommonMetric.Preemptions) is { } preemptions)
        {
            yield return new SweepObservation(level.Concurrency, "server.preemptions", preemptions, ">", 0, preemptions > 0);
        }
    }

    private static string Figures(double kvMax, double preemptions) =>
        $"; KV cache up to {SweepFormat.Percent(kvMax)}; {Count(preemptions)} preemptions";

    private static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
