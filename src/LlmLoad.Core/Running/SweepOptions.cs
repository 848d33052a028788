using System.Globalization;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Running;

/// <summary>
/// A ramp: one run per level, with the run template's endpoint and workload. Closed loop at each concurrency of
/// <see cref="Plan"/>, or, with <see cref="Rates"/>, open loop at each offered rate (the template's arrival process and
/// its concurrency as the in-flight cap, none when null).
/// </summary>
public sealed record SweepOptions
{
    /// <summary>Endpoint, workload and output directory of the sweep; its load's concurrency and request count are set per level.</summary>
    public required RunOptions Template { get; init; }

    public required ConcurrencyPlan Plan { get; init; }

    /// <summary>The offered rates of a rate sweep; null for a concurrency sweep (then <see cref="Plan"/> gives the levels).</summary>
    public RatePlan? Rates { get; init; }

    /// <summary>
    /// Search instead of sweeping (<c>--find-max-rate</c>): bisect <see cref="Rates"/>' lowest to highest rate for the highest
    /// one whose SLO attainment reaches <see cref="SweepAnalysisOptions.MinSloAttainment"/>, to this precision; null sweeps.
    /// </summary>
    public RatePrecision? MaxRateSearch { get; init; }

    /// <summary>The levels in order: <see cref="Rates"/> when given, else <see cref="Plan"/>'s concurrencies.</summary>
    public IReadOnlyList<LoadPoint> Levels =>
        Rates is { } rates ? [.. rates.Levels.Select(LoadPoint.Rate)] : [.. Plan.Levels.Select(c => (LoadPoint)c)];

    /// <summary>Measured requests per level; null means <see cref="DefaultRequestsPerLevel"/>.</summary>
    public int? RequestsPerLevel { get; init; }

    /// <summary>
    /// Run levels whose request count is below their concurrency anyway (they cannot reach it: the analysis marks
    /// them not reached and leaves them out of the verdicts); otherwise <see cref="Validate"/> refuses them.
    /// </summary>
    public bool AllowPartialLevels { get; init; }

    /// <summary>Run each level this long instead of a request count.</summary>
    public TimeSpan? DurationPerLevel { get; init; }

    /// <summary>Warm-up requests per level, excluded from its metrics.</summary>
    public int WarmupPerLevel { get; init; }

    public int Repeats { get; init; } = 1;

    /// <summary>Run between levels (and before the first) and waited for, to reset the endpoint's caches.</summary>
    public EndpointReset? Reset { get; init; }

    /// <summary>End the sweep at the first level past the breakpoint.</summary>
    public bool StopAfterBreakpoint { get; init; }

    public SweepAnalysisOptions Analysis { get; init; } = SweepAnalysisOptions.Default;

    /// <summary>Fraction (above 0, at most 1) of each level's request count to send, for a quick look; see <see cref="ScaleRequests"/>.</summary>
    public double RequestsScale { get; init; } = 1;

    /// <summary>A scaled-down level never sends fewer requests than this.</summary>
    public const int MinimumScaledRequests = 20;

    /// <summary>Enough requests for a steady state: three per user, and never fewer than 300.</summary>
    public static int DefaultRequestsPerLevel(int concurrency) => Math.Max(3 * concurrency, 300);

    /// <summary>A rate level's default: 30 s of arrivals, and never fewer than 100 requests.</summary>
    public static int DefaultRequestsPerRate(double requestsPerSecond) => (int)Math.Max(100, Math.Ceiling(30 * requestsPerSecond));

    /// <summary>The measured requests of the level at <paramref name="concurrency"/>: the given or default count, scaled by <see cref="RequestsScale"/>.</summary>
    public int RequestsAt(int concurrency) =>
        ScaleRequests(RequestsPerLevel ?? DefaultRequestsPerLevel(concurrency), concurrency, RequestsScale);

    /// <summary>The measured requests of the level at <paramref name="load"/> (a rate level needs no request per user).</summary>
    public int RequestsAt(LoadPoint load) => load.Axis == LoadAxis.Concurrency
        ? RequestsAt((int)load.Value)
        : ScaleRequests(RequestsPerLevel ?? DefaultRequestsPerRate(load.Value), 1, RequestsScale);

    /// <summary>
    /// <paramref name="requests"/> × <paramref name="scale"/> rounded up, but at least <see cref="MinimumScaledRequests"/>
    /// and at least one request per user (<paramref name="concurrency"/>): with fewer requests than users the level
    /// would never reach its concurrency and its results would carry the wrong label. Never more than <paramref name="requests"/>.
    /// </summary>
    public static int ScaleRequests(int requests, int concurrency, double scale) =>
        scale >= 1 ? requests : Math.Min(requests, Math.Max(Math.Max(MinimumScaledRequests, concurrency), (int)Math.Ceiling(requests * scale)));

    /// <summary>Every problem with these options (and their analysis thresholds), each naming its field; empty when valid.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var problems = new List<OptionProblem>();
        if (Repeats < 1)
        {
            problems.Add(new(OptionField.Repeats, Text(Repeats), "must be at least 1."));
        }
        if (RequestsPerLevel is < 1)
        {
            problems.Add(new(OptionField.RequestsPerLevel, Text(RequestsPerLevel.Value), "must be at least 1."));
        }
        if (RequestsPerLevel is >= 1 and var requests && DurationPerLevel is null && !AllowPartialLevels && Rates is null
            && Plan.Levels.Where(c => RequestsAt(c) < c).ToArray() is [var lowest, ..] partial)
        {
            string which = partial.Length == 1 ? $"level {lowest}" : partial.Length <= 3 ? $"levels {string.Join(", ", partial)}" : $"levels {lowest} to {partial[^1]} ({partial.Length} levels)";
            problems.Add(new(OptionField.RequestsPerLevel, Text(requests), $"is below the concurrency of {which}, which would never have that many requests in flight; "
                + $"raise it to {partial.Max()}, keep {{concurrency}} at or below {requests}, or pass {{allow_partial_levels}} to run them anyway (they are left out of the verdicts)."));
        }
        if (!(RequestsScale is > 0 and <= 1))
        {
            problems.Add(new(OptionField.RequestsScale, RequestsScale.ToString(CultureInfo.InvariantCulture), "must be above 0 and at most 1."));
        }
        if (MaxRateSearch is not null && Rates is not { Levels.Count: >= 2 })
        {
            problems.Add(new(OptionField.FindMaxRate, null, "searches between two rates; give the range as {rate} LOW..HIGH, e.g. {rate} 1..200."));
        }
        if (MaxRateSearch is not null && Template.Goodput is null)
        {
            problems.Add(new(OptionField.FindMaxRate, null, "looks for the highest rate whose requests meet their SLOs; add {goodput}, e.g. {goodput} \"ttft<=500ms,tpot<=50ms\"."));
        }
        problems.AddRange(Analysis.Validate());
        return problems;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
