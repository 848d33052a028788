using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds <c>--dataset sharegpt:PATH --multi-turn</c> sessions: whole conversations, user turns in order.
/// </summary>
/// <remarks>
/// Steps: stream every conversation and repair it (<see cref="ConversationNormalizer"/>, counted); keep those with a
/// user turn, and, when <c>--input-tokens</c> is given, whose first user turn is in its range; keep a seeded uniform
/// sample of <c>count</c> of them (reservoir sampling: memory stays at <c>count</c> conversations) and shuffle it;
/// count tokens of the sample only; repeat the sample when the run needs more sessions than there are.
/// </remarks>
internal static class ShareGptSessionSource
{
    public static SessionWorkload Build(ParsedWorkloadOptions options, SessionShape shape, Tokenizer tokenizer, int count)
    {
        var path = options.Dataset.Path!;
        var range = options.InputTokens;
        var picks = WorkloadRandom.Create(options.Seed, WorkloadRandom.Picks);
        var repairs = new ConversationRepairs();
        var sample = new List<NormalizedConversation>();
        long outOfRange = 0;
        long eligible = 0;
        foreach (var (_, turns) in ShareGptReader.ReadAllTurns(path))
        {
            if (ConversationNormalizer.Normalize(turns, repairs) is not { } conversation)
            {
                continue;
            }
            if (!options.InputTokensIsDefault
                && (ShareGptWorkloadSource.CountWithin(tokenizer, conversation.Exchanges[0].User, range.Maximum) is not { } tokens || tokens < range.Minimum))
            {
                outOfRange++;
                continue;
            }

            eligible++;
            if (sample.Count < count)
            {
                sample.Add(conversation);
            }
            else if (picks.NextInt64(eligible) is var slot && slot < count)
            {
                sample[(int)slot] = conversation;
            }
        }

        for (var i = sample.Count - 1; i > 0; i--)
        {
            var j = picks.Next(i + 1);
            (sample[i], sample[j]) = (sample[j], sample[i]);
        }
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var scripts = sample.Select(c => ConversationScripts.ToScript(c, options, shape.History, tokenizer, outputs, repairs))
            .OfType<SessionScript>().ToList();
        var total = repairs.Conversations.ToString(CultureInfo.InvariantCulture);
        if (scripts.Count == 0)
        {
            var why = outOfRange > 0
                ? $"none of its {total} conversations has a first user turn of {range.Minimum.ToString(CultureInfo.InvariantCulture)} to {range.Maximum.ToString(CultureInfo.InvariantCulture)} tokens; widen --input-tokens or leave it out"
                : $"none of its {total} conversations has a usable user turn{(options.OutputTokens.FromDataset ? " with a reply (--output-tokens dataset)" : "")}";
            throw new WorkloadException($"{path}: no usable session: {why}.");
        }

        var warnings = new List<string>();
        if (repairs.Describe(path) is { } repaired)
        {
            warnings.Add(repaired);
        }
        if (eligible < count)
        {
            warnings.Add($"{path}: only {scripts.Count.ToString(CultureInfo.InvariantCulture)} usable conversations; they are repeated to make {count.ToString(CultureInfo.InvariantCulture)} sessions.");
        }
        var filter = options.InputTokensIsDefault ? "" : $" whose first user turn has {range} tokens";
        var description = $"ShareGPT {path}: sessions from {eligible.ToString(CultureInfo.InvariantCulture)} of {total} conversations{filter}, history {shape.History.ToString().ToLowerInvariant()}, "
            + $"max_tokens {options.OutputTokens}, tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        return new SessionWorkload(scripts, shape.History, tokenizer, warnings, description);
    }
}
