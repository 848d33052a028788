namespace LlmLoad.Core.Workload;

/// <summary>Turns <see cref="WorkloadOptions"/> with <see cref="WorkloadOptions.MultiTurn"/> into the session scripts of a run.</summary>
public static class SessionWorkloadFactory
{
    /// <summary>
    /// How many distinct sessions a run of <paramref name="requests"/> requests with <paramref name="users"/> users can
    /// start: every session sends at least the shortest session's turns (unless it ends early), and each user may start
    /// one more that the request count cuts. Past that, sessions repeat scripts (their history still differs).
    /// </summary>
    public static int SessionsNeeded(WorkloadOptions options, int requests, int users)
    {
        ArgumentNullException.ThrowIfNull(options);
        var turns = options.Parse().Sessions?.Turns;
        var shortest = options.Dataset.Trim().Equals("synthetic", StringComparison.OrdinalIgnoreCase) && turns is { IsRange: true } ? turns.Minimum : 1;
        return (int)Math.Min(int.MaxValue, (requests + (long)shortest - 1) / shortest + users);
    }

    /// <summary>
    /// Builds <paramref name="count"/> session scripts (fewer distinct ones, repeated, when a dataset has fewer). The same
    /// options (including the seed) always give the same scripts in the same order. Throws <see cref="WorkloadException"/>
    /// with a one-line message for invalid options, bad files, or a dataset with no usable session.
    /// </summary>
    public static SessionWorkload Build(WorkloadOptions options, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var parsed = options.Parse();
        if (parsed.Sessions is null)
        {
            throw new InvalidOperationException("SessionWorkloadFactory needs options with MultiTurn set");
        }
        var tokenizer = TokenizerCatalog.Create(parsed.Tokenizer);
        return parsed.Dataset.Kind switch
        {
            DatasetKind.Synthetic => SyntheticSessionSource.Build(parsed, parsed.Sessions, tokenizer, count),
            DatasetKind.ShareGpt => ShareGptSessionSource.Build(parsed, parsed.Sessions, tokenizer, count),
            DatasetKind.Jsonl => JsonlSessionSource.Build(parsed, parsed.Sessions, tokenizer, count),
            _ => throw new InvalidOperationException($"unknown dataset kind {parsed.Dataset.Kind}"),
        };
    }
}
