using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>Builds a <c>--dataset synthetic</c> workload: corpus prompts at exact drawn lengths, plus an optional shared prefix.</summary>
internal static class SyntheticWorkloadSource
{
    public static PromptWorkload Build(ParsedWorkloadOptions options, Tokenizer tokenizer, int count)
    {
        var builder = new SyntheticPromptBuilder(tokenizer, PromptCorpus.Text);
        var prefix = options.PrefixTokens > 0
            ? builder.Build(options.PrefixTokens, WorkloadRandom.Create(options.Seed, WorkloadRandom.Prefix))
            : "";
        var lengths = WorkloadRandom.Create(options.Seed, WorkloadRandom.InputLengths);
        var offsets = WorkloadRandom.Create(options.Seed, WorkloadRandom.Picks);
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var items = new WorkloadItem[count];
        for (var i = 0; i < count; i++)
        {
            var tokens = options.InputTokens.Sample(lengths);
            var prompt = builder.Build(tokens, prefix, options.PrefixTokens, offsets);
            items[i] = new WorkloadItem(prompt, options.PrefixTokens + tokens, options.OutputTokens.Resolve(null, outputs));
        }

        var prefixNote = options.PrefixTokens > 0
            ? $" after a shared {options.PrefixTokens.ToString(CultureInfo.InvariantCulture)}-token prefix"
            : "";
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
}
