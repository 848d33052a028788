using LlmLoad.Core.Metrics;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// One measured concurrency level of a sweep. <see cref="Summary"/> is the level's run; with
/// repeats it is the representative repeat (see <see cref="FromRepeats"/>) and <see cref="Repeats"/>
/// holds every repeat. What the analysis reads:
/// <list type="bullet">
/// <item>throughput: the mean over repeats (<see cref="RequestThroughput"/>, <see cref="OutputThroughput"/>), over
/// the steady window when every repeat has one (<see cref="UsesSteadyWindow"/>);</item>
/// <item>success rate: pooled over repeats (all successes / all attempts), so one repeat that lost
/// a batch shows at its true weight;</item>
/// <item>goodput: the mean over repeats; SLO attainment: pooled like the success rate;</item>
/// <item>SLO latencies: <see cref="Summary"/>.</item>
/// </list>
/// </summary>
public sealed class SweepLevel
{
    public SweepLevel(int concurrency, RunSummary summary, IReadOnlyList<RunSummary>? repeats = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        ArgumentNullException.ThrowIfNull(summary);
        Concurrency = concurrency;
        Summary = summary;
        Repeats = repeats ?? [];
        IReadOnlyList<RunSummary> runs = Repeats.Count > 0 ? Repeats : [summary];
        UsesSteadyWindow = HaveSteadyWindows(runs);
        RequestThroughput = RepeatStatistics.From(runs.Select(r => RequestsPerSecond(r, UsesSteadyWindow)));
        OutputThroughput = RepeatStatistics.From(runs.Select(r => UsesSteadyWindow ? r.Steady!.OutputTokensPerSecond : r.OutputTokensPerSecond));
        // a run without in-flight counts (0: a virtual-time prediction, a hand-made summary) says nothing either way;
        // requests refused at once leave the client's in-flight count early: the load was offered, the failures are the finding
        Reached = runs.All(r => r.PeakConcurrency == 0 || r.PeakConcurrency + r.Failed >= concurrency);
        int attempted = runs.Sum(r => r.Attempted);
        SuccessRate = attempted == 0 ? null : (double)runs.Sum(r => r.Completed) / attempted;
        Goodput = RepeatStatistics.From(runs.Select(r => GoodputPerSecond(r, UsesSteadyWindow)));
        // pooled like the success rate: all good requests / all attempts
        SloAttainment = attempted == 0 || runs.Any(r => r.GoodRequests is null) ? null : (double)runs.Sum(r => r.GoodRequests!.Value) / attempted;
        Aggregate = new RepeatAggregate(runs);
    }

    /// <summary>Every summary.json metric over the level's runs (one run when measured once): mean, std and 95% interval.</summary>
    public RepeatAggregate Aggregate { get; }

    /// <summary>The concurrency limit of the level (the x of every sweep chart).</summary>
    public int Concurrency { get; }

    /// <summary>The level's run, or its representative repeat.</summary>
    public RunSummary Summary { get; }

    /// <summary>Every repeat of the level, in run order; empty for a level measured once.</summary>
    public IReadOnlyList<RunSummary> Repeats { get; }

    /// <summary>Successful requests per second over repeats; null when no run had a duration.</summary>
    public RepeatStatistics? RequestThroughput { get; }

    /// <summary>Output tokens per second over repeats; null when no run had a duration.</summary>
    public RepeatStatistics? OutputThroughput { get; }

    /// <summary>
    /// True when every run of the level has a steady window (<see cref="RunSummary.Steady"/>) and no failed request: its
    /// throughputs are then the steady ones, which do not depend on how many requests the level sent; otherwise the whole-run ones.
    /// </summary>
    public bool UsesSteadyWindow { get; }

    /// <summary>The summary.json key <see cref="RequestThroughput"/> comes from.</summary>
    public string RequestThroughputKey => UsesSteadyWindow ? "steady_request_throughput" : "request_throughput";

    /// <summary>
    /// False when a run of the level never had <see cref="Concurrency"/> requests in flight and no failed request
    /// accounts for the shortfall (fewer requests than users, or a client that could not open them in time), so its
    /// figures do not describe that concurrency; the analysis leaves such levels out of every verdict.
    /// </summary>
    public bool Reached { get; }

    /// <summary>Successful / attempted requests over all repeats (0 to 1); null when nothing was attempted.</summary>
    public double? SuccessRate { get; }

    /// <summary>
    /// Request goodput (req/s) over repeats, read over the same window as <see cref="RequestThroughput"/> (steady: the
    /// steady request rate times the share of completed requests meeting every SLO); null without per-request SLOs.
    /// </summary>
    public RepeatStatistics? Goodput { get; }

    /// <summary>Requests meeting every per-request SLO / attempted, over all repeats (0 to 1); null without SLOs or attempts.</summary>
    public double? SloAttainment { get; }

    /// <summary>
    /// The server's metrics pages over the run of <see cref="Summary"/> (one block per page); empty when
    /// nothing was scraped. <see cref="SweepExplainer"/> reads them.
    /// </summary>
    public IReadOnlyList<ServerSummary> Server { get; private init; } = [];

    /// <summary>This level with the server blocks of its representative run.</summary>
    public SweepLevel WithServer(IReadOnlyList<ServerSummary> server) =>
        new(Concurrency, Summary, Repeats.Count > 0 ? Repeats : null) { Server = server };

    /// <summary>
    /// A level measured <paramref name="repeats"/> times. Its <see cref="Summary"/> is the repeat
    /// with the median request throughput (steady when every repeat has a steady window; the lower middle one for an even count), so the level's
    /// latencies come from one real run whose throughput is typical, not from an average of runs.
    /// </summary>
    public static SweepLevel FromRepeats(int concurrency, IReadOnlyList<RunSummary> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Count == 0)
        {
            throw new ArgumentException("a level needs at least one repeat", nameof(repeats));
        }
        bool steady = HaveSteadyWindows(repeats);
        RunSummary median = repeats
            .Select((summary, index) => (summary, index))
            .OrderBy(r => RequestsPerSecond(r.summary, steady) ?? 0)
            .ThenBy(r => r.index)
            .ElementAt((repeats.Count - 1) / 2)
            .summary;
        return new SweepLevel(concurrency, median, repeats.Count > 1 ? repeats : null);
    }

    // a run with failed requests is read over its whole run: a request refused at once sends its user straight back, so
    // "every user busy" does not describe it, and its steady estimate (token rate / mean tokens per success) swung from
    // 58 to 129 req/s over three identical sweeps of the simulator's tiny profile at c=128
    private static bool HaveSteadyWindows(IReadOnlyList<RunSummary> runs) => runs.All(r => r.Steady is not null && r.Failed == 0);

    private static double? RequestsPerSecond(RunSummary run, bool steady) => steady ? run.Steady!.RequestsPerSecond : run.RequestsPerSecond;

    // over the steady window: its request rate times the share of completed requests that met every SLO, so that
    // goodput and throughput are read over the same window and goodput never exceeds throughput
    private static double? GoodputPerSecond(RunSummary run, bool steady) =>
        !steady ? run.GoodputRequestsPerSecond
        : run.GoodRequests is { } good && run.Completed > 0 ? run.Steady!.RequestsPerSecond * good / run.Completed : null;
}
