using System.CommandLine;
using LlmLoad.Core.Load;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The multi-turn and shared-prefix flags (docs/sessions.md), on top of <see cref="RunOptionSet"/>'s. Every command
/// that runs load takes them; only <c>--num-sessions</c> is left to the commands that set their own request count.
/// </summary>
internal sealed class SessionOptionSet
{
    public Option<bool> MultiTurn { get; } = new("--multi-turn") { Description = "Play each workload item as a session of user turns; each turn resends the conversation so far." };
    public Option<string?> Turns { get; } = new("--turns") { Description = $"Synthetic sessions: user turns per session, N or a distribution as for --input-tokens (default {WorkloadOptions.DefaultTurns})." };
    public Option<string?> History { get; } = new("--history") { Description = "Replies a later turn sends back: server (the server's own, default) or dataset (identical prompts on every endpoint)." };
    public Option<string?> ThinkTime { get; } = new("--think-time") { Description = "Pause between a reply and the next turn: 2s, uniform:1s:3s, exponential:3s or lognormal:MEAN:SIGMA (default none)." };
    public Option<int?> MaxContextTokens { get; } = CliValues.OptionalInt("--max-context-tokens", "End a session before a turn whose prompt plus max_tokens would exceed this (counted, not an error).", 1);
    public Option<int?> NumSessions { get; } = CliValues.OptionalInt("--num-sessions", "Multi-turn: run this many sessions instead of --num-requests requests.", 1);
    public Option<int> PrefixGroups { get; } = CliValues.Int("--prefix-groups", "Distinct prefixes of --prefix-tokens tokens, one per prompt or session (a system message for chat).", 1, 1);
    public Option<string> PrefixAssignment { get; } = new("--prefix-assignment") { Description = "How prompts or sessions pick a prefix group: uniform or zipf:S.", DefaultValueFactory = _ => WorkloadOptions.DefaultPrefixAssignment };

    /// <summary>The flags every load command takes.</summary>
    public IEnumerable<Option> Shared => [MultiTurn, Turns, History, ThinkTime, MaxContextTokens, PrefixGroups, PrefixAssignment];

    /// <summary>Adds the flags' values to <paramref name="workload"/> and <paramref name="load"/>; <paramref name="problems"/> gets those only this set can see.</summary>
    /// <param name="numRequests">The command's <c>--num-requests</c>, when it has one: giving it with <c>--num-sessions</c> is refused.</param>
    public (WorkloadOptions Workload, LoadOptions Load) Apply(ParseResult parse, WorkloadOptions workload, LoadOptions load, Option<int>? numRequests, List<string> problems)
    {
        var multiTurn = RunOptionSet.Value(parse, MultiTurn);
        var thinkTime = Core.Schedules.ThinkTime.None;
        if (RunOptionSet.Value(parse, ThinkTime) is { } thinkText)
        {
            if (!Core.Schedules.ThinkTime.TryParse(thinkText, out var parsed, out var problem))
            {
                problems.Add(CliOptionNames.Describe(problem));
            }
            thinkTime = parsed ?? thinkTime;
        }
        var numSessions = RunOptionSet.Value(parse, NumSessions);
        var maxContext = RunOptionSet.Value(parse, MaxContextTokens);
        if (!multiTurn)
        {
            foreach (var (given, flag) in new[] { (!thinkTime.IsNone, "--think-time"), (numSessions is not null, "--num-sessions"), (maxContext is not null, "--max-context-tokens") })
            {
                if (given)
                {
                    problems.Add($"{flag} applies to sessions only; add --multi-turn or remove it.");
                }
            }
        }
        if (numSessions is not null && numRequests is not null && parse.GetResult(numRequests) is { Implicit: false })
        {
            problems.Add("--num-sessions and --num-requests both end the run; give one of them.");
        }
        return (
            workload with
            {
                MultiTurn = multiTurn,
                Turns = RunOptionSet.Value(parse, Turns),
                History = RunOptionSet.Value(parse, History),
                // a value the parser refused reads as 0 and is reported already
                PrefixGroups = RunOptionSet.Value(parse, PrefixGroups) is > 0 and var groups ? groups : 1,
                PrefixAssignment = RunOptionSet.Value(parse, PrefixAssignment) ?? WorkloadOptions.DefaultPrefixAssignment,
            },
            load with { ThinkTime = thinkTime, NumSessions = numSessions, MaxContextTokens = maxContext });
    }
}
