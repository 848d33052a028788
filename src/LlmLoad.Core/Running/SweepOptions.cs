using System.Globalization;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Running;

/// <summary>A concurrency ramp: one closed-loop run per level, with the run template's endpoint and workload.</summary>
public sealed record SweepOptions
{
    /// <summary>Endpoint, workload and output directory of the sweep; its load's concurrency and request count are set per level.</summary>
    public required RunOptions Template { get; init; }

    public required ConcurrencyPlan Plan { get; init; }

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

    /// <summary>The measured requests of the level at <paramref name="concurrency"/>: the given or default count, scaled by <see cref="RequestsScale"/>.</summary>
    public int RequestsAt(int concurrency) =>
        ScaleRequests(RequestsPerLevel ?? DefaultRequestsPerLevel(concurrency), concurrency, RequestsScale);

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
        if (RequestsPerLevel is >= 1 and var requests && DurationPerLevel is null && !AllowPartialLevels
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
        problems.AddRange(Analysis.Validate());
        return problems;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
