using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>Builds a <c>--dataset synthetic</c> workload: corpus prompts at exact drawn lengths, plus an optional shared prefix.</summary>
internal static class SyntheticWorkloadSource
{
    public static PromptWorkload Build(ParsedWorkloadOptions options, Tokenizer tokenizer, int count)
    {
        var builder = new SyntheticPromptBuilder(tokenizer, PromptCorpus.Text);
        var prefixes = PrefixSet.Build(builder, options.PrefixTokens, options.PrefixGroups, options.PrefixAssignment, options.Seed);
        var lengths = WorkloadRandom.Create(options.Seed, WorkloadRandom.InputLengths);
        var offsets = WorkloadRandom.Create(options.Seed, WorkloadRandom.Picks);
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var items = new WorkloadItem[count];
        for (var i = 0; i < count; i++)
        {
            var tokens = options.InputTokens.Sample(lengths);
            var (prefix, _) = prefixes.Next();
            var prompt = builder.Build(tokens, prefix, options.PrefixTokens, offsets);
            items[i] = new WorkloadItem(prompt, options.PrefixTokens + tokens, options.OutputTokens.Resolve(null, outputs))
            {
                // chat sends the prefix as a system message, as applications send their shared instructions;
                // completions send the whole text (the prompt starts with the prefix)
                Messages = prefix.Length == 0 ? null : [new ChatMessage("system", prefix), new ChatMessage("user", prompt[prefix.Length..])],
            };
        }

        var prefixNote = PrefixNote(options);
        var description = $"synthetic prompts of {options.InputTokens} tokens{prefixNote}, max_tokens {options.OutputTokens}, "
            + $"tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        var warnings = new List<string>();
        if (count > builder.DistinctStarts)
        {
            warnings.Add($"synthetic: {count.ToString(CultureInfo.InvariantCulture)} prompts but the corpus has only {builder.DistinctStarts.ToString(CultureInfo.InvariantCulture)} distinct start points with {options.Tokenizer}; "
                + "later prompts repeat the beginnings of earlier ones, so a server's prefix cache can hit.");
        }

        return new PromptWorkload(items, tokenizer, warnings, description);
    }

    /// <summary>" after a shared 8-token prefix", " after one of 4 distinct 8-token prefixes (zipf:1.1)", or "".</summary>
    internal static string PrefixNote(ParsedWorkloadOptions options)
    {
        var tokens = options.PrefixTokens.ToString(CultureInfo.InvariantCulture);
        return (options.PrefixTokens, options.PrefixGroups) switch
        {
            (0, _) => "",
            (_, 1) => $" after a shared {tokens}-token prefix",
            (_, var groups) => $" after one of {groups.ToString(CultureInfo.InvariantCulture)} distinct {tokens}-token prefixes ({options.PrefixAssignment})",
        };
    }
}
