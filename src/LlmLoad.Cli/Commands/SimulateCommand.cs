using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Validation;
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
    /// <summary>The published study's ramp.</summary>
    public const string StudyRamp = "16,32,64,128,200,256,400,512,800,1000,1400,1500,1600,2000,2500,3000,3250,4000";

    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "Profile name (see `llmload profiles`) or a profile JSON file.", DefaultValueFactory = _ => ProfileCatalog.DefaultProfileName };
        var concurrency = new Option<string>("--concurrency") { Description = "Levels, as for `llmload sweep` (default: the ramp of the study \"Benchmarking Models on Radiant Inference Endpoints\" (March 2026), 16..4000).", DefaultValueFactory = _ => StudyRamp };
        var inputTokens = new Option<string>("--input-tokens") { Description = "Prompt lengths MIN:MAX (uniform).", DefaultValueFactory = _ => "1:63" };
        var outputTokens = CliValues.Int("--output-tokens", "Output tokens per request.", 100, 1);
        var seed = CliValues.Int("--seed", "Seed of the simulation.", 1, 0);
        var slo = new Option<string?>("--slo") { Description = "SLOs for max concurrency within SLO, e.g. ttft_p99<=2000,tpot_mean<=50." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Write sweep.json, sweep.csv, charts and report.html here." };
        var multiTurn = new Option<bool>("--multi-turn") { Description = "Each virtual user runs sessions of --turns turns; turn k resends the earlier turns and their replies." };
        var turns = CliValues.OptionalInt("--turns", "Turns per session (with --multi-turn).", 2);
        var thinkTime = new Option<string?>("--think-time") { Description = "Pause between a reply and the next turn: a duration (3s) or exponential:MEAN (exponential:3s)." };
        var prefixTokens = CliValues.Int("--prefix-tokens", "Tokens of a shared prefix at the start of every prompt.", 0, 0);
        var prefixGroups = CliValues.OptionalInt("--prefix-groups", "Distinct shared prefixes (with --prefix-tokens); each session uses one, chosen uniformly.", 1);
        var command = new Command("simulate", "Predict a concurrency sweep of a simulator profile in virtual time, in seconds.");
        foreach (var option in new Option[] { profile, concurrency, inputTokens, outputTokens, seed, slo, outputDir, multiTurn, turns, thinkTime, prefixTokens, prefixGroups })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var loaded = LoadTarget.LoadProfile(parse.GetValue(profile)!, "--profile", problems);
            if (!ConcurrencyPlan.TryParse(parse.GetValue(concurrency)!, out var plan, out var planErrors))
            {
                problems.AddRange(CliOptionNames.Describe(planErrors));
            }
            if (!TokenLengthDistribution.TryParse(parse.GetValue(inputTokens)!, OptionField.InputTokens, out var prompts, out var promptProblem) || prompts is not { IsRange: true })
            {
                problems.Add(promptProblem is null ? $"--input-tokens \"{parse.GetValue(inputTokens)}\" must be MIN:MAX for a simulation." : CliOptionNames.Describe(promptProblem));
            }
            SloSet? slos = null;
            if (parse.GetValue(slo) is { } sloText && !SloSet.TryParse(sloText, out slos, out var sloErrors))
            {
                problems.AddRange(sloErrors.Select(error => $"--slo: {error}"));
            }
            var sessions = Sessions(parse.GetValue(multiTurn), parse.GetValue(turns), parse.GetValue(thinkTime), parse.GetValue(prefixTokens), parse.GetValue(prefixGroups), problems);
            if (problems.Count > 0 || loaded is null || plan is null || prompts is null)
            {
                return Task.FromResult(context.Fail(ExitCodes.InvalidInput, problems));
            }
            var workload = sessions with { PromptTokensMin = prompts.Minimum, PromptTokensMax = prompts.Maximum, OutputTokens = parse.GetValue(outputTokens) };
            var configuration = new JsonObject
            {
                ["mode"] = "virtual-time simulation",
                ["profile"] = loaded.Name,
                ["input_tokens"] = parse.GetValue(inputTokens),
                ["output_tokens"] = parse.GetValue(outputTokens),
                ["seed"] = parse.GetValue(seed),
                ["concurrency_plan"] = string.Join(",", plan.Levels),
            };
            if (workload.TurnsPerSession > 1)
            {
                configuration["multi_turn"] = true;
                configuration["turns"] = workload.TurnsPerSession;
                configuration["think_time"] = parse.GetValue(thinkTime) ?? "0s";
            }
            if (workload.PrefixTokens > 0)
            {
                configuration["prefix_tokens"] = workload.PrefixTokens;
                configuration["prefix_groups"] = workload.PrefixGroups;
            }
            SweepDocument document;
            IReadOnlyList<VirtualLevelResult> results;
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
                (document, results) = VirtualPrediction.Sweep(loaded, plan.Levels, workload, parse.GetValue(seed), SweepAnalysisOptions.Default with { Slo = slos },
                    configuration, context.TimeProvider.GetUtcNow(), cancellationToken, LevelDone);
            }
            catch (ArgumentException exception)
            {
                return Task.FromResult(context.Fail(ExitCodes.InvalidInput, [$"--profile {loaded.Name}: {exception.Message}"]));
            }
            var analysis = document.Analysis;
            SweepPrinter.Print(context.Out, [new ModelSweep(document.Model!, document.Levels, analysis)]);
            if (workload.SharesContent)
            {
                PrintCacheAndTurns(context.Out, results, document.Levels, loaded.PrefixCaching);
            }
            if (parse.GetValue(outputDir) is { } directory)
            {
                SweepRunner.WriteFiles(directory, document);
                context.Out.WriteLine($"Results: {Path.GetFullPath(directory)} (sweep.json, sweep.csv, report.html, charts/)");
            }
            return Task.FromResult(slos is not null && analysis.MaxConcurrencyWithinSlo?.Concurrency is null ? ExitCodes.SloNotMet : ExitCodes.Success);
        });
        return command;
    }

    /// <summary>
    /// The session and prefix settings as a workload (lengths are filled in by the caller). A simulation's
    /// think time is fixed or exponential; other distributions belong to real runs.
    /// </summary>
    private static VirtualWorkload Sessions(bool multiTurn, int? turns, string? thinkTime, int prefixTokens, int? prefixGroups, List<string> problems)
    {
        if (multiTurn && turns is null)
        {
            problems.Add("--multi-turn needs --turns N (2 or more) in a simulation, whose prompts are synthetic.");
        }
        if (!multiTurn && (turns is not null || thinkTime is not null))
        {
            problems.Add("--turns and --think-time describe sessions; add --multi-turn.");
        }
        if (prefixGroups is not null && prefixTokens == 0)
        {
            problems.Add("--prefix-groups needs --prefix-tokens P (the length of each group's prefix).");
        }
        var exponential = thinkTime?.StartsWith("exponential:", StringComparison.OrdinalIgnoreCase) == true;
        var thinkText = exponential ? thinkTime!["exponential:".Length..] : thinkTime;
        var think = TimeSpan.Zero;
        if (thinkText is not null && (!CliValues.TryParseDuration(thinkText, out think) || think < TimeSpan.Zero))
        {
            problems.Add($"--think-time \"{thinkTime}\" must be a duration such as 3s or 500ms, or exponential:MEAN such as exponential:3s, in a simulation.");
        }
        return new VirtualWorkload
        {
            TurnsPerSession = multiTurn ? turns ?? 2 : 1,
            ThinkTimeMs = think.TotalMilliseconds,
            ThinkTimeIsExponential = exponential,
            PrefixTokens = prefixTokens,
            PrefixGroups = prefixGroups ?? 1,
        };
    }

    /// <summary>Per level: the prefix cache's hit rate and, for sessions, mean prompt and TTFT by turn (from the level's summary).</summary>
    private static void PrintCacheAndTurns(TextWriter output, IReadOnlyList<VirtualLevelResult> results, IReadOnlyList<SweepLevel> levels, bool caching)
    {
        output.WriteLine(caching
            ? "Prefix cache (prompt tokens found cached / looked up) and TTFT by turn, per level:"
            : "Prefix caching is off in this profile; TTFT by turn, per level:");
        foreach (var (level, summary) in results.Zip(levels, (result, level) => (result, level.Summary)))
        {
            var hitRate = caching ? string.Create(CultureInfo.InvariantCulture, $"hit rate {level.PrefixCacheHitRate * 100:0.0}%; ") : "";
            // single-turn requests (a shared prefix alone) belong to no session: all of them are turn 1
            var turns = summary.MultiTurn is { } multiTurn
                ? multiTurn.ByTurn.Select(turn => (turn.Turn, Tokens: turn.MeanInputTokens, TtftMs: turn.Ttft.Mean))
                : [(Turn: 1, Tokens: summary.Completed == 0 ? null : (double)summary.TotalInputTokens / summary.Completed, TtftMs: summary.Ttft.Mean)];
            output.WriteLine($"  c={level.Concurrency}: {hitRate}" + string.Join(" | ", turns.Select(turn => string.Create(CultureInfo.InvariantCulture,
                $"turn {turn.Turn}: {turn.Tokens:0} tok, TTFT {turn.TtftMs:0} ms"))));
        }
    }
}
