using System.CommandLine;
using System.Globalization;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The flags that split one run (or sweep) over several processes or machines: <c>--shard I/N --start-at TIME
/// [--run-id ID]</c> runs one share of it, <c>--processes N</c> runs all N shards here and merges them (docs/sharding.md).
/// </summary>
internal sealed class ShardOptionSet
{
    public Option<string?> Shard { get; } = new("--shard") { Description = "Run shard I of N (e.g. 0/4): its share of the users, rate and requests, and its own workload items (sessions, with --multi-turn); merge the N directories with `llmload merge`." };
    public Option<string?> StartAt { get; } = new("--start-at") { Description = "With --shard: start the load at this UTC time (2026-03-02T14:00:00Z), or this long from now (+10s), the same on every shard." };
    public Option<string?> RunId { get; } = new("--run-id") { Description = "With --shard: the id every shard of the run shares (default: derived from --start-at and the configuration, so identical command lines agree)." };
    public Option<int> Processes { get; } = CliValues.Int("--processes", "Run the load as this many shards, each a child process of this one, and merge their results into --output-dir.", 1, 1, 256);

    /// <summary>Set by <c>--processes</c> on its children only (<see cref="StdioStartGate"/>): the start is agreed through stdin once every child is ready.</summary>
    public Option<bool> StartGate { get; } = new(StartGateFlag) { Hidden = true };

    public const string StartGateFlag = "--start-gate";

    public IEnumerable<Option> All => [Shard, StartAt, RunId, Processes, StartGate];

    /// <summary>The shard this process runs (null for a whole run) and the processes to split into; problems for every flag that does not fit.</summary>
    public (ShardRun? Shard, int Processes) Bind(ParseResult parse, RunOptions options, DateTimeOffset now, List<string> problems)
    {
        var processes = RunOptionSet.Value(parse, Processes);
        var shardText = RunOptionSet.Value(parse, Shard);
        var startAtText = RunOptionSet.Value(parse, StartAt);
        var runId = RunOptionSet.Value(parse, RunId);
        if (processes > 1 && (shardText ?? startAtText ?? runId) is not null)
        {
            problems.Add("--processes runs every shard itself (with its own --shard, --start-at and --run-id); drop those flags or --processes.");
            return (null, processes);
        }
        if (shardText is null)
        {
            if ((startAtText ?? runId) is not null)
            {
                problems.Add($"{(startAtText is null ? "--run-id" : "--start-at")} is for shards of one run; add --shard I/N (e.g. 0/4) or drop it.");
            }
            if (processes > 1)
            {
                CheckShares(options, processes, problems);
            }
            return (null, processes);
        }
        var spec = ShardSpec.TryParse(shardText, out var problem);
        if (spec is null)
        {
            problems.Add("--shard " + problem);
        }
        if (startAtText is null)
        {
            problems.Add("--shard needs --start-at: every shard starts its load at the same wall-clock time, e.g. --start-at 2026-03-02T14:00:00Z (or +30s on one machine).");
        }
        var startAt = startAtText is null ? now : ParseStartAt(startAtText, now, problems);
        if (runId is { Length: 0 } || runId?.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) == true)
        {
            problems.Add($"--run-id \"{runId}\" must be letters, digits, '-', '_' or '.' (it names the run in every shard's files).");
        }
        if (spec is not { } shard)
        {
            return (null, processes);
        }
        CheckShares(options, shard.Count, problems);
        // derived only from options that passed: nothing runs otherwise
        runId ??= problems.Count > 0 ? "" : ShardRunId.Derive(startAtText ?? "", RunConfiguration.ToJson(options, options.Endpoint.Model ?? ""));
        return (new ShardRun(shard, runId, startAt)
        {
            Gate = RunOptionSet.Value(parse, StartGate) ? new StdioStartGate(System.Console.Out, System.Console.In) : null,
        }, processes);
    }

    /// <summary>What a sharded sweep cannot do: levels must line up by wall clock, and every shard must run the same levels.</summary>
    public static void CheckSweep(SweepOptions sweep, int shards, List<string> problems)
    {
        if (sweep.DurationPerLevel is null)
        {
            problems.Add("a sharded sweep needs a time-based level plan, so level k runs on every shard in the same wall-clock window; add --level-duration (e.g. 60s).");
        }
        if (sweep.Repeats > 1 || sweep.StopAfterBreakpoint || sweep.MaxRateSearch is not null)
        {
            problems.Add($"{(sweep.Repeats > 1 ? "--repeats" : sweep.StopAfterBreakpoint ? "--stop-after-breakpoint" : "--find-max-rate")} is not supported with shards (every shard must run the same levels at the same times); drop it.");
        }
        if (sweep.Rates is null && sweep.Plan.Levels.Min() is var lowest && lowest < shards)
        {
            problems.Add($"the sweep's lowest level has {lowest} users, fewer than its {shards} shards (each needs at least one); start the plan at {shards} or more, or use fewer shards.");
        }
    }

    /// <summary>A share of nothing is no shard: every shard needs a user and a request (or a session); ramps are not split.</summary>
    private static void CheckShares(RunOptions options, int shards, List<string> problems)
    {
        var load = options.Load;
        if (load.Ramp is not null)
        {
            problems.Add("--ramp is not split into shards yet; run it in one process (without --shard or --processes).");
            return;
        }
        if (!load.IsOpenLoop && load.Concurrency is { } users && users < shards)
        {
            problems.Add($"--concurrency {users} is fewer users than the {shards} shards (each needs at least one); raise --concurrency to {shards} or use fewer shards.");
        }
        if (load.NumSessions is { } sessions)
        {
            if (sessions < shards)
            {
                problems.Add($"--num-sessions {sessions} is fewer sessions than the {shards} shards (each needs at least one); raise --num-sessions to {shards} or use fewer shards.");
            }
        }
        else if (load.Duration is null && load.NumRequests < shards)
        {
            problems.Add($"--num-requests {load.NumRequests} is fewer than the {shards} shards (each needs at least one); raise it or use fewer shards.");
        }
    }

    /// <summary><c>--start-at</c>: an absolute ISO-8601 time (UTC unless it names an offset), or <c>+DURATION</c> from now.</summary>
    private static DateTimeOffset ParseStartAt(string text, DateTimeOffset now, List<string> problems)
    {
        if (text.StartsWith('+') && CliValues.TryParseDuration(text[1..], out var delay) && delay >= TimeSpan.Zero)
        {
            return now + delay;
        }
        if (!text.StartsWith('+') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        problems.Add($"--start-at \"{text}\" must be a UTC time such as 2026-03-02T14:00:00Z, or a delay from now such as +10s.");
        return now;
    }
}
