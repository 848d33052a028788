using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds <c>--dataset synthetic --multi-turn</c> sessions: a drawn number of user turns (<c>--turns</c>), each cut
/// from the corpus at a drawn <c>--input-tokens</c> length, after the session's prefix (<c>--prefix-tokens</c>,
/// <c>--prefix-groups</c>) as its system prompt. With <c>--history dataset</c> each turn but the last also gets a
/// corpus reply of its <c>max_tokens</c> length, so every endpoint is sent the same conversation.
/// </summary>
internal static class SyntheticSessionSource
{
    public static SessionWorkload Build(ParsedWorkloadOptions options, SessionShape shape, Tokenizer tokenizer, int count)
    {
        var builder = new SyntheticPromptBuilder(tokenizer, PromptCorpus.Text);
        var prefixes = PrefixSet.Build(builder, options.PrefixTokens, options.PrefixGroups, options.PrefixAssignment, options.Seed);
        var lengths = WorkloadRandom.Create(options.Seed, WorkloadRandom.InputLengths);
        var offsets = WorkloadRandom.Create(options.Seed, WorkloadRandom.Picks);
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var turnCounts = WorkloadRandom.Create(options.Seed, WorkloadRandom.Turns);
        var sessions = new SessionScript[count];
        var prompts = 0L;
        for (var s = 0; s < count; s++)
        {
            var turnCount = Math.Clamp(shape.Turns.Sample(turnCounts), 1, WorkloadOptions.MaxTurns);
            var turns = new SessionTurn[turnCount];
            for (var k = 0; k < turnCount; k++)
            {
                var tokens = options.InputTokens.Sample(lengths);
                var maxOutput = options.OutputTokens.Resolve(null, outputs);
                var reply = shape.History == HistoryMode.Dataset && k < turnCount - 1 ? builder.Build(maxOutput, offsets) : null;
                turns[k] = new SessionTurn(builder.Build(tokens, offsets), tokens, maxOutput, reply, reply is null ? null : maxOutput);
            }
            prompts += turnCount;
            var (prefix, group) = prefixes.Next();
            sessions[s] = prefixes.IsEmpty
                ? new SessionScript(null, 0, turns)
                : new SessionScript(prefix, prefixes.Tokens, turns, group);
        }

        var description = $"synthetic sessions of {shape.Turns} user turns of {options.InputTokens} tokens{SyntheticWorkloadSource.PrefixNote(options)}, "
            + $"history {shape.History.ToString().ToLowerInvariant()}, max_tokens {options.OutputTokens}, tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        var warnings = new List<string>();
        if (prompts > builder.DistinctStarts)
        {
            warnings.Add($"synthetic: {prompts.ToString(CultureInfo.InvariantCulture)} user turns but the corpus has only {builder.DistinctStarts.ToString(CultureInfo.InvariantCulture)} distinct start points with {options.Tokenizer}; "
                + "later turns repeat the beginnings of earlier ones.");
        }
        return new SessionWorkload(sessions, shape.History, tokenizer, warnings, description);
    }
}
