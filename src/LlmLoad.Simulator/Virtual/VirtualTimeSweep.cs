using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// Predicts a closed-loop concurrency sweep in virtual time: no HTTP, no sleeping, deterministic for a
/// seed. Each level is an independent discrete-event run of the same engine the server uses.
/// </summary>
public static class VirtualTimeSweep
{
    /// <summary>Runs every level (in parallel) and returns the results in the order of <paramref name="concurrencyLevels"/>.</summary>
    /// <param name="levelDone">Called as each level finishes, possibly on several threads at once; for progress.</param>
    /// <exception cref="ArgumentException">Invalid levels, workload or options, or a profile with no modelled delay (virtual time would not advance).</exception>
    public static IReadOnlyList<VirtualLevelResult> Run(
        SimulatorProfile profile,
        IReadOnlyList<int> concurrencyLevels,
        VirtualWorkload workload,
        VirtualRunOptions options,
        CancellationToken cancellationToken = default,
        Action<VirtualLevelResult>? levelDone = null) =>
        Run(profile, concurrencyLevels, workload, options, result =>
        {
            levelDone?.Invoke(result);
            return result;
        }, cancellationToken);

    /// <summary>
    /// Runs every level (in parallel), hands each result to <paramref name="keep"/> as it finishes (possibly on several
    /// threads at once) and returns what it kept, in the order of <paramref name="concurrencyLevels"/>. A level's request
    /// timings can take hundreds of MB at thousands of users; keeping a summary instead frees them level by level.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid levels, workload or options, or a profile with no modelled delay (virtual time would not advance).</exception>
    public static IReadOnlyList<T> Run<T>(
        SimulatorProfile profile,
        IReadOnlyList<int> concurrencyLevels,
        VirtualWorkload workload,
        VirtualRunOptions options,
        Func<VirtualLevelResult, T> keep,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(concurrencyLevels);
        ArgumentNullException.ThrowIfNull(keep);
        Check(profile, workload, options);
        if (concurrencyLevels.Count == 0 || concurrencyLevels.Any(c => c < 1))
        {
            throw new ArgumentException("Concurrency levels must be a non-empty list of values of at least 1.", nameof(concurrencyLevels));
        }

        var results = new T[concurrencyLevels.Count];
        // the most expensive levels first, so the last one to finish is a short one
        var order = Enumerable.Range(0, concurrencyLevels.Count).OrderByDescending(i => concurrencyLevels[i]).ToArray();
        Parallel.ForEach(
            order,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            i => results[i] = keep(RunUnchecked(profile, concurrencyLevels[i], workload, options, cancellationToken)));
        return results;
    }

    /// <summary>Runs one level.</summary>
    public static VirtualLevelResult RunLevel(
        SimulatorProfile profile,
        int concurrency,
        VirtualWorkload workload,
        VirtualRunOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        Check(profile, workload, options);
        return RunUnchecked(profile, concurrency, workload, options, cancellationToken);
    }

    private static VirtualLevelResult RunUnchecked(SimulatorProfile profile, int concurrency, VirtualWorkload workload, VirtualRunOptions options, CancellationToken cancellationToken)
    {
        var plan = VirtualRunPlan.For(profile, concurrency, workload, options);
        return new VirtualRun(profile, workload, concurrency, plan, options.Seed).Run(cancellationToken);
    }

    private static void Check(SimulatorProfile profile, VirtualWorkload workload, VirtualRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        var errors = profile.Validate().Concat(workload.Validate()).Concat(options.Validate()).ToList();
        if (!(StepTimeModel.MinimumModelledDelayMs(profile) > 0))
        {
            errors.Add($"profile \"{profile.Name}\" models no delay, so virtual time would never advance; use a profile with a step time or frontend latency.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }
    }
}
