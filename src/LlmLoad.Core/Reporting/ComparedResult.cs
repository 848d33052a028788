namespace LlmLoad.Core.Reporting;

/// <summary>
/// One result of <c>llmload compare</c> beside the others: its label, whether it was stopped before its end,
/// and its workload (null when unknown), from which <see cref="ComparisonTables"/> marks what cannot be compared.
/// </summary>
public sealed record ComparedResult(string Label, bool Interrupted, WorkloadIdentity? Workload)
{
    /// <summary>Why this result cannot be put beside <paramref name="reference"/> (the first one given); empty when it can.</summary>
    public IReadOnlyList<string> NotComparableReasons(ComparedResult reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var reasons = new List<string>();
        if (Interrupted)
        {
            reasons.Add("interrupted");
        }
        if (Workload is null)
        {
            reasons.Add("workload unknown");
        }
        else if (reference.Workload is not null)
        {
            reasons.AddRange(Workload.DifferencesFrom(reference.Workload).Select(difference => $"{difference} in {reference.Label}"));
        }
        return reasons;
    }
}
