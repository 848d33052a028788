using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Sweep;

/// <summary>The thresholds of the sweep analysis (metrics.md, "Sweep (concurrency ramp) analysis").</summary>
public sealed record SweepAnalysisOptions
{
    public static SweepAnalysisOptions Default { get; } = new();

    /// <summary>The knee is the lowest level whose request throughput reaches this fraction of the peak.</summary>
    public double KneeFraction { get; init; } = 0.9;

    /// <summary>A level whose success rate (0 to 1) is below this is a breakpoint.</summary>
    public double MinSuccessRate { get; init; } = 0.99;

    /// <summary>After the peak, a level whose request throughput is more than this fraction below the peak is a breakpoint.</summary>
    public double MaxDeclineFraction { get; init; } = 0.10;

    /// <summary>The SLOs for max concurrency within SLO; null skips that verdict.</summary>
    public SloSet? Slo { get; init; }

    /// <summary>
    /// When true (the default), a level is within SLO only if its success rate is also at least
    /// <see cref="MinSuccessRate"/>, unless the SLO set has its own <c>success_rate</c> condition.
    /// Latency SLOs are met by successful requests only, so without this a level where most
    /// requests fail fast could count as "within SLO".
    /// </summary>
    public bool SloRequiresSuccessRate { get; init; } = true;

    /// <summary>
    /// Max concurrency at the attainment target: the share of requests (0 to 1) that must meet every
    /// per-request SLO (<c>--goodput</c>) at a level; <c>--attainment</c>, default 90%.
    /// </summary>
    public double MinSloAttainment { get; init; } = 0.9;

    /// <summary>Every problem with these options, each naming its field; empty when valid.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var problems = new List<OptionProblem>();
        if (!(KneeFraction is > 0 and <= 1))
        {
            problems.Add(new(OptionField.KneeFraction, null, $"{Text(KneeFraction)} must be above 0 and at most 1 (e.g. 0.9 for 90% of the peak)."));
        }
        if (!(MinSuccessRate is >= 0 and <= 1))
        {
            problems.Add(new(OptionField.MinSuccessRate, null, $"{Text(MinSuccessRate)} must be a fraction from 0 to 1 (e.g. 0.99)."));
        }
        if (!(MaxDeclineFraction is >= 0 and < 1))
        {
            problems.Add(new(OptionField.MaxDeclineFraction, null, $"{Text(MaxDeclineFraction)} must be a fraction from 0 up to, not including, 1 (e.g. 0.1)."));
        }
        if (!(MinSloAttainment is > 0 and <= 1))
        {
            problems.Add(new(OptionField.Attainment, null, $"{Text(MinSloAttainment)} must be above 0 and at most 1 (e.g. 0.9 for 90% of requests)."));
        }
        return problems;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
