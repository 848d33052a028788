using System.Globalization;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// Finds max concurrency within SLO: the highest level whose <see cref="SweepLevel.Summary"/>
/// meets every SLO condition (and, by default, the minimum success rate). Every level is checked,
/// so the evidence shows where the SLO holds and where it does not; a level between passing
/// levels may fail (a noisy p99), and the verdict still names the highest passing one.
/// </summary>
internal static class SloCeilingFinder
{
    private const string SuccessRateKey = "success_rate";

    public static SloCeilingVerdict Find(SweepLevel[] levels, SloSet slo, SweepAnalysisOptions options)
    {
        bool addSuccess = options.SloRequiresSuccessRate && !slo.Conditions.Any(c => c.Metric.Key == SuccessRateKey);
        string conditions = string.Join(", ", slo.Conditions.Select(c => c.ToString()));
        string successText = SuccessRateKey + ">=" + options.MinSuccessRate.ToString("R", CultureInfo.InvariantCulture);
        string all = addSuccess ? (conditions.Length == 0 ? successText : conditions + ", " + successText) : conditions;

        var observations = new List<SweepObservation>();
        SweepLevel? best = null;
        foreach (SweepLevel level in levels)
        {
            bool passed = true;
            foreach (SloConditionResult result in slo.Evaluate(level.Summary).Results)
            {
                SloCondition condition = result.Condition;
                observations.Add(new SweepObservation(level.Load, condition.Metric.Key, result.Actual, condition.Comparison.ToSymbol(), condition.Threshold, result.Passed));
                passed &= result.Passed;
            }
            if (addSuccess)
            {
                bool holds = level.SuccessRate is { } rate && rate >= options.MinSuccessRate;
                observations.Add(new SweepObservation(level.Load, SuccessRateKey, level.SuccessRate, ">=", options.MinSuccessRate, holds));
                passed &= holds;
            }
            if (passed)
            {
                best = level;
            }
        }

        string finding = best is null
            ? $"No level met every condition ({all})."
            : $"{SweepFormat.Level(best.Load)} is the highest level meeting every condition ({all})"
                + (best.Summary.GoodputRequestsPerSecond is { } goodput ? $"; its goodput is {SweepFormat.RequestRate(goodput)}." : ".");
        var evidence = new SweepEvidence("highest level where every condition holds: " + all, observations, finding);
        return new SloCeilingVerdict(best?.Load, best?.Summary.GoodputRequestsPerSecond, all, evidence);
    }
}
