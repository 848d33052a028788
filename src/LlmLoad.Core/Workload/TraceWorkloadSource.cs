using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds a <c>--dataset mooncake:PATH</c> or <c>azure:PATH</c> workload: the trace's requests in time order (inside
/// the <c>--trace-window</c>), each with a prompt written by <see cref="TracePromptBuilder"/> at its input length,
/// its output length as <c>max_tokens</c>, and its due time in <see cref="PromptWorkload.ArrivalOffsetsMs"/>.
/// </summary>
internal static class TraceWorkloadSource
{
    /// <param name="count">The most requests to take from the trace (the first ones in time).</param>
    public static PromptWorkload Build(ParsedWorkloadOptions options, Tokenizer tokenizer, int count)
    {
        var path = options.Dataset.Path!;
        var mooncake = options.Dataset.Kind == DatasetKind.Mooncake;
        var requests = mooncake ? MooncakeTraceReader.Read(path) : AzureTraceReader.Read(path);
        var timeline = TraceTimeline.Arrange(path, requests.Select(r => (r.LineNumber, r.TimestampMs)).ToArray(), options.TraceSort, absolute: !mooncake, options.TraceWindow);
        var taken = Math.Min(count, timeline.Count);
        var builder = new TracePromptBuilder(tokenizer, PromptCorpus.Text, options.Seed);
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var items = new WorkloadItem[taken];
        var offByTokens = 0;
        for (var i = 0; i < taken; i++)
        {
            var request = requests[timeline.Order[i]];
            var prompt = builder.Build(request.InputTokens, request.HashIds, request.LineNumber);
            var promptTokens = tokenizer.CountTokens(prompt);
            offByTokens += promptTokens == Math.Max(1, request.InputTokens) ? 0 : 1;
            items[i] = new WorkloadItem(prompt, promptTokens, options.OutputTokens.Resolve(request.OutputTokens, outputs));
        }

        var warnings = new List<string>();
        if (!options.InputTokensIsDefault)
        {
            warnings.Add($"--input-tokens {options.InputTokens} is ignored for a trace; its prompts have the trace's lengths.");
        }
        if (offByTokens > 0)
        {
            warnings.Add($"{path}: {N(offByTokens)} of {N(taken)} prompts do not count exactly their input length with {options.Tokenizer}; requests.jsonl has the counted lengths.");
        }

        var window = options.TraceWindow == TraceWindow.Whole ? "" : $" in --trace-window {options.TraceWindow}";
        var spanSeconds = timeline.OffsetsMs[taken - 1] / 1000;
        var prompts = mooncake ? $"prompts from {TracePromptBuilder.BlockTokens}-token blocks by hash id" : "prompts at the trace's lengths";
        var description = $"{(mooncake ? "Mooncake" : "Azure")} trace {path}: {N(taken)} requests over {spanSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s{window}, "
            + $"{prompts}, max_tokens {options.OutputTokens}, tokenizer {options.Tokenizer}, seed {N(options.Seed)}";
        return new PromptWorkload(items, tokenizer, warnings, description) { ArrivalOffsetsMs = timeline.OffsetsMs.Take(taken).ToArray() };
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
