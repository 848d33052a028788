using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;
using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// Predictions of a simulator profile in virtual time (no HTTP, no sleeping), shaped like measurements:
/// a whole sweep as a <see cref="SweepDocument"/> or one level as a <see cref="RunSummary"/>. Used by
/// <c>llmload simulate</c> and by study targets with <c>mode: simulate</c>.
/// </summary>
internal static class VirtualPrediction
{
    /// <summary>How predictions are labelled, so they are never mistaken for measurements.</summary>
    public static string Label(SimulatorProfile profile) => $"{profile.Name} (simulated)";

    /// <summary>
    /// The virtual workload of a run's settings, or null with the reason: virtual time models synthetic
    /// prompts of uniform length (MIN:MAX or fixed:N), a fixed max_tokens and no shared prefix.
    /// </summary>
    public static VirtualWorkload? Workload(RunOptions options, out string? problem)
    {
        var workload = options.Workload;
        problem = null;
        if (!workload.Dataset.Trim().Equals("synthetic", StringComparison.OrdinalIgnoreCase) || workload.PrefixTokens != 0)
        {
            problem = "virtual time models synthetic prompts without a shared prefix only; use dataset: synthetic and prefix_tokens: 0, or mode: measure.";
        }
        else if (!TokenLengthDistribution.TryParse(workload.InputTokens, OptionField.InputTokens, out var prompts, out _) || !prompts.IsRange)
        {
            problem = $"virtual time needs input_tokens as MIN:MAX or fixed:N, not \"{workload.InputTokens}\".";
        }
        else if (!OutputTokensSpec.TryParse(workload.OutputTokens, out var output, out _) || output.Distribution is not { Kind: TokenLengthDistributionKind.Fixed } fixedOutput)
        {
            problem = $"virtual time needs output_tokens as one number, not \"{workload.OutputTokens}\".";
        }
        else
        {
            return new VirtualWorkload
            {
                PromptTokensMin = prompts.Minimum,
                PromptTokensMax = prompts.Maximum,
                OutputTokens = fixedOutput.Minimum,
                IgnoreEos = options.Endpoint.IgnoreEos,
            };
        }
        return null;
    }

    /// <summary>
    /// Predicts every level (in parallel) and analyses them as a measured sweep would be; also returns the simulator's
    /// own level results (prefix-cache hits), without their request timings: each level is summarised as it finishes
    /// and its timings dropped, so a sweep of thousands of users does not hold every level's requests at once.
    /// </summary>
    /// <param name="levelDone">Called with a level's concurrency as it finishes, possibly on several threads at once.</param>
    /// <exception cref="ArgumentException">The profile, levels or workload cannot be simulated.</exception>
    public static (SweepDocument Document, IReadOnlyList<VirtualLevelResult> Results) Sweep(
        SimulatorProfile profile,
        IReadOnlyList<int> levels,
        VirtualWorkload workload,
        int seed,
        SweepAnalysisOptions analysis,
        JsonObject configuration,
        DateTimeOffset startedAt,
        CancellationToken cancellationToken,
        Action<int>? levelDone = null)
    {
        var predicted = VirtualTimeSweep.Run(profile, levels, workload, VirtualRunOptions.Default with { Seed = seed }, result =>
        {
            var level = VirtualSweepAdapter.ToSweepLevel(result);
            levelDone?.Invoke(result.Concurrency);
            return (Level: level, Engine: result with { Requests = [] });
        }, cancellationToken);
        var sweepLevels = predicted.Select(p => p.Level).ToList();
        return (new SweepDocument(ToolInfo.Version, startedAt, Label(profile), configuration, sweepLevels, SweepAnalyzer.Analyze(sweepLevels, analysis)),
            [.. predicted.Select(p => p.Engine)]);
    }

    /// <summary>Predicts one closed-loop level.</summary>
    /// <exception cref="ArgumentException">The profile or workload cannot be simulated.</exception>
    public static RunSummary Level(SimulatorProfile profile, int concurrency, VirtualWorkload workload, int seed, CancellationToken cancellationToken) =>
        VirtualSweepAdapter.ToSweepLevel(
            VirtualTimeSweep.RunLevel(profile, concurrency, workload, VirtualRunOptions.Default with { Seed = seed }, cancellationToken)).Summary;
}
