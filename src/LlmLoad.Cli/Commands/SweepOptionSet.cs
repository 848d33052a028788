using System.CommandLine;
using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Cli.Commands;

/// <summary>The flags of a concurrency ramp, on top of <see cref="RunOptionSet"/>'s endpoint and workload flags.</summary>
internal sealed class SweepOptionSet
{
    private static readonly string DefaultAttainmentPercent =
        (SweepAnalysisOptions.Default.MinSloAttainment * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public Option<string> Concurrency { get; } = new("--concurrency")
    {
        Description = "Levels: a list 16,32,64, a doubling range 16..4096, a geometric range 16..4096:x1.5 or a step range 100..1000:+100.",
        DefaultValueFactory = _ => ConcurrencyPlan.DefaultText,
    };
    public Option<int?> RequestsPerLevel { get; } = CliValues.OptionalInt("--requests-per-level", "Measured requests per level (default max(3 x concurrency, 300)).", 1);
    public Option<bool> AllowPartialLevels { get; } = new("--allow-partial-levels")
    {
        Description = "Run levels above --requests-per-level anyway; they never reach their concurrency, are marked not reached and left out of the verdicts.",
    };
    public Option<TimeSpan?> LevelDuration { get; } = CliValues.Duration("--level-duration", "Run each level this long instead of a request count.");
    public Option<int> Warmup { get; } = CliValues.Int("--warmup", "Warm-up requests per level, excluded from its metrics.", 0, 0);
    public RepeatOptionSet Repeats { get; } = new("Runs per level (the report shows the mean and its 95% confidence interval).", "run of a level");
    public Option<bool> StopAfterBreakpoint { get; } = new("--stop-after-breakpoint") { Description = "End the sweep once a level is past the breakpoint." };
    public Option<string?> Slo { get; } = new("--slo") { Description = "SLOs for max concurrency within SLO, e.g. ttft_p99<=2000,tpot_mean<=50. A miss exits with code 4." };
    public Option<string?> Attainment { get; } = new("--attainment")
    {
        Description = "With --goodput: the share of requests that must meet every per-request SLO, for max concurrency at that attainment (default " + DefaultAttainmentPercent + ").",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Concurrency, RequestsPerLevel, AllowPartialLevels, LevelDuration, Warmup, StopAfterBreakpoint, Slo, Attainment }.Concat(Repeats.All))
        {
            command.Options.Add(option);
        }
    }

    public SweepOptions Bind(ParseResult parse, RunOptions template, List<string> problems)
    {
        if (!ConcurrencyPlan.TryParse(parse.GetValue(Concurrency) ?? "", out var plan, out var planErrors))
        {
            problems.AddRange(CliOptionNames.Describe(planErrors));
        }
        SloSet? slo = null;
        if (parse.GetValue(Slo) is { } sloText && !SloSet.TryParse(sloText, out slo, out var sloErrors))
        {
            problems.AddRange(sloErrors.Select(error => $"--slo: {error}"));
        }
        if (slo is not null && !template.Endpoint.Stream && slo.StreamOnlyConditions() is { Count: > 0 } streamOnly)
        {
            problems.Add($"--slo \"{string.Join(",", streamOnly)}\": TTFT, TPOT and ITL are not measured with --no-stream (the answer arrives whole); drop these terms or leave out --no-stream.");
        }
        var attainment = SweepAnalysisOptions.Default.MinSloAttainment;
        if (parse.GetValue(Attainment) is { } attainmentText)
        {
            if (!CliValues.TryParsePercent(attainmentText, out attainment))
            {
                attainment = SweepAnalysisOptions.Default.MinSloAttainment; // reported here, not again by Validate()
                problems.Add($"--attainment \"{attainmentText}\" must be a percentage above 0 and at most 100, e.g. 90 or 95%.");
            }
            else if (template.Goodput is null)
            {
                problems.Add($"--attainment \"{attainmentText}\" needs per-request SLOs to attain; add --goodput, e.g. --goodput \"ttft<=500ms,tpot<=50ms\".");
            }
        }
        var reset = Repeats.BindReset(parse, problems);
        var options = new SweepOptions
        {
            Template = template,
            Plan = plan ?? new ConcurrencyPlan([1]),
            RequestsPerLevel = parse.GetValue(RequestsPerLevel),
            AllowPartialLevels = parse.GetValue(AllowPartialLevels),
            DurationPerLevel = parse.GetValue(LevelDuration),
            Repeats = parse.GetValue(Repeats.Repeats),
            WarmupPerLevel = parse.GetValue(Warmup),
            Reset = reset,
            StopAfterBreakpoint = parse.GetValue(StopAfterBreakpoint),
            Analysis = SweepAnalysisOptions.Default with { Slo = slo, MinSloAttainment = attainment },
        };
        problems.AddRange(CliOptionNames.Describe(options.Validate()));
        return options;
    }
}
