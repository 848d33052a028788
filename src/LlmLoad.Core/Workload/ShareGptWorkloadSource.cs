using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds a <c>--dataset sharegpt:PATH</c> workload.
/// </summary>
/// <remarks>
/// Steps:
/// 1. stream the conversations; keep those whose first user turn counts MIN..MAX tokens (and, for
///    <c>--output-tokens dataset</c>, that have a reply);
/// 2. keep a seeded uniform sample of <c>count</c> of them (reservoir sampling, so memory stays at
///    <c>count</c> conversations however large the file) and shuffle it;
/// 3. when fewer than <c>count</c> qualify, repeat them in that order and say so in a warning;
/// 4. count each kept reply's tokens only when the output lengths come from the dataset.
/// </remarks>
internal static class ShareGptWorkloadSource
{
    public static PromptWorkload Build(ParsedWorkloadOptions options, Tokenizer tokenizer, int count)
    {
        var path = options.Dataset.Path!;
        var range = options.InputTokens;
        var needReply = options.OutputTokens.FromDataset;
        var picks = WorkloadRandom.Create(options.Seed, WorkloadRandom.Picks);
        var sample = new List<(ShareGptConversation Conversation, int PromptTokens)>();
        long total = 0;
        long eligible = 0;
        foreach (var conversation in ShareGptReader.Read(path))
        {
            total++;
            if (conversation.Prompt is null || (needReply && conversation.Reply is null)
                || CountWithin(tokenizer, conversation.Prompt, range.Maximum) is not { } tokens || tokens < range.Minimum)
            {
                continue;
            }

            eligible++;
            if (sample.Count < count)
            {
                sample.Add((conversation, tokens));
            }
            else if (picks.NextInt64(eligible) is var slot && slot < count)
            {
                sample[(int)slot] = (conversation, tokens);
            }
        }

        var lengths = $"{range.Minimum.ToString(CultureInfo.InvariantCulture)} to {range.Maximum.ToString(CultureInfo.InvariantCulture)} tokens";
        var which = needReply ? "a first user turn (followed by a reply)" : "a first user turn";
        if (eligible == 0)
        {
            throw new WorkloadException($"{path}: none of its {total.ToString(CultureInfo.InvariantCulture)} conversations has {which} of {lengths} by {options.Tokenizer}; widen --input-tokens.");
        }

        Shuffle(sample, picks);
        var warnings = new List<string>();
        if (eligible < count)
        {
            warnings.Add($"{path}: only {eligible.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)} conversations have {which} of {lengths} by {options.Tokenizer}; they are repeated to make {count.ToString(CultureInfo.InvariantCulture)} prompts.");
        }

        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var replyTokens = new int?[sample.Count];
        var items = new WorkloadItem[count];
        for (var i = 0; i < count; i++)
        {
            var k = i % sample.Count;
            var (conversation, promptTokens) = sample[k];
            if (needReply)
            {
                replyTokens[k] ??= tokenizer.CountTokens(conversation.Reply!);
            }

            items[i] = new WorkloadItem(conversation.Prompt!, promptTokens, options.OutputTokens.Resolve(replyTokens[k], outputs));
        }

        var description = $"ShareGPT {path}: {count.ToString(CultureInfo.InvariantCulture)} prompts from {eligible.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)} conversations "
            + $"with a first user turn of {lengths}, max_tokens {options.OutputTokens}, tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        return new PromptWorkload(items, tokenizer, warnings, description);
    }

    /// <summary>The text's token count when it is at most <paramref name="maximum"/>, else null; stops encoding early on long texts.</summary>
    internal static int? CountWithin(Tokenizer tokenizer, string text, int maximum)
    {
        var index = tokenizer.GetIndexByTokenCount(text, maximum, out var normalized, out var tokens);
        return index >= (normalized ?? text).Length ? tokens : null;
    }

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
