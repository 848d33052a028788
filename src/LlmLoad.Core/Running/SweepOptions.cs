using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Running;

/// <summary>A concurrency ramp: one closed-loop run per level, with the run template's endpoint and workload.</summary>
public sealed record SweepOptions
{
    /// <summary>Endpoint, workload and output directory of the sweep; its load's concurrency and request count are set per level.</summary>
    public required RunOptions Template { get; init; }

    public required ConcurrencyPlan Plan { get; init; }

    /// <summary>Measured requests per level; null means <see cref="DefaultRequestsPerLevel"/>.</summary>
    public int? RequestsPerLevel { get; init; }

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

    /// <summary>Enough requests for a steady state: three per user, and never fewer than 300.</summary>
    public static int DefaultRequestsPerLevel(int concurrency) => Math.Max(3 * concurrency, 300);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Repeats < 1)
        {
            problems.Add($"--repeats \"{Repeats}\" must be at least 1.");
        }
        if (RequestsPerLevel is < 1)
        {
            problems.Add($"--requests-per-level \"{RequestsPerLevel}\" must be at least 1.");
        }
        problems.AddRange(Analysis.Validate());
        return problems;
    }
}
