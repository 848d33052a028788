using System.CommandLine;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Workload;
using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload simulate</c>: the simulator's engine in virtual time (discrete events, no HTTP, no sleeping),
/// predicting a whole concurrency sweep in seconds; with <c>--output-dir</c> it writes the same files as a sweep.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The seed article's ramp.</summary>
    public const string SeedRamp = "16,32,64,128,200,256,400,512,800,1000,1400,1500,1600,2000,2500,3000,3250,4000";

    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "Profile name (see `llmload profiles`) or a profile JSON file.", DefaultValueFactory = _ => ProfileCatalog.DefaultProfileName };
        var concurrency = new Option<string>("--concurrency") { Description = "Levels, as for `llmload sweep` (default: the seed article's ramp 16..4000).", DefaultValueFactory = _ => SeedRamp };
        var inputTokens = new Option<string>("--input-tokens") { Description = "Prompt lengths MIN:MAX (uniform).", DefaultValueFactory = _ => "1:63" };
        var outputTokens = CliValues.Int("--output-tokens", "Output tokens per request.", 100, 1);
        var seed = CliValues.Int("--seed", "Seed of the simulation.", 1, 0);
        var slo = new Option<string?>("--slo") { Description = "SLOs for max concurrency within SLO, e.g. ttft_p99<=2000,tpot_mean<=50." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Write sweep.json, sweep.csv, charts and report.html here." };
        var command = new Command("simulate", "Predict a concurrency sweep of a simulator profile in virtual time, in seconds.");
        foreach (var option in new Option[] { profile, concurrency, inputTokens, outputTokens, seed, slo, outputDir })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var loaded = LoadTarget.LoadProfile(parse.GetValue(profile)!, "--profile", problems);
            if (!ConcurrencyPlan.TryParse(parse.GetValue(concurrency)!, out var plan, out var planErrors))
            {
                problems.AddRange(planErrors);
            }
            if (!TokenLengthDistribution.TryParse(parse.GetValue(inputTokens)!, "--input-tokens", out var prompts, out var promptError) || prompts is not { IsRange: true })
            {
                problems.Add(promptError ?? $"--input-tokens \"{parse.GetValue(inputTokens)}\" must be MIN:MAX for a simulation.");
            }
            SloSet? slos = null;
            if (parse.GetValue(slo) is { } sloText && !SloSet.TryParse(sloText, out slos, out var sloErrors))
            {
                problems.AddRange(sloErrors.Select(error => $"--slo: {error}"));
            }
            if (problems.Count > 0 || loaded is null || plan is null || prompts is null)
            {
                return Task.FromResult(context.Fail(ExitCodes.InvalidInput, problems));
            }
            var workload = new VirtualWorkload { PromptTokensMin = prompts.Minimum, PromptTokensMax = prompts.Maximum, OutputTokens = parse.GetValue(outputTokens) };
            var configuration = new JsonObject
            {
                ["mode"] = "virtual-time simulation",
                ["profile"] = loaded.Name,
                ["input_tokens"] = parse.GetValue(inputTokens),
                ["output_tokens"] = parse.GetValue(outputTokens),
                ["seed"] = parse.GetValue(seed),
                ["concurrency_plan"] = string.Join(",", plan.Levels),
            };
            SweepDocument document;
            // a line per finished level (the largest come first): a plan of big levels takes minutes, and a line
            // reads the same on a terminal and in a log
            var done = 0;
            void LevelDone(int level)
            {
                lock (context.Error)
                {
                    context.Error.WriteLine($"simulated c={level} ({++done} of {plan.Levels.Count} levels)");
                }
            }
            try
            {
                document = VirtualPrediction.Sweep(loaded, plan.Levels, workload, parse.GetValue(seed), SweepAnalysisOptions.Default with { Slo = slos },
                    configuration, context.TimeProvider.GetUtcNow(), cancellationToken, LevelDone);
            }
            catch (ArgumentException exception)
            {
                return Task.FromResult(context.Fail(ExitCodes.InvalidInput, [$"--profile {loaded.Name}: {exception.Message}"]));
            }
            var analysis = document.Analysis;
            SweepPrinter.Print(context.Out, [new ModelSweep(document.Model!, document.Levels, analysis)]);
            if (parse.GetValue(outputDir) is { } directory)
            {
                SweepRunner.WriteFiles(directory, document);
                context.Out.WriteLine($"Results: {Path.GetFullPath(directory)} (sweep.json, sweep.csv, report.html, charts/)");
            }
            return Task.FromResult(slos is not null && analysis.MaxConcurrencyWithinSlo?.Concurrency is null ? ExitCodes.SloNotMet : ExitCodes.Success);
        });
        return command;
    }
}
