using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds a <c>--dataset jsonl:PATH</c> workload: the file's prompts in file order, repeated when the run
/// needs more. The file is the workload, so <c>--input-tokens</c> does not filter it.
/// </summary>
internal static class JsonlWorkloadSource
{
    /// <summary>A warning names at most this many lines.</summary>
    private const int MaxLinesNamed = 10;

    public static PromptWorkload Build(ParsedWorkloadOptions options, Tokenizer tokenizer, int count, bool wholeTrace = false)
    {
        var path = options.Dataset.Path!;
        var read = JsonlReader.Read(path);
        if (read.Count == 0)
        {
            throw new WorkloadException($"{path}: no prompts found; expected one JSON object per line with a \"prompt\" or \"messages\" field.");
        }

        // an empty prompt measures nothing the server does with text (and some servers refuse it): skipped, counted
        var empty = read.Where(e => string.IsNullOrWhiteSpace(e.Prompt)).Select(e => e.LineNumber.ToString(CultureInfo.InvariantCulture)).ToList();
        var entries = read.Where(e => !string.IsNullOrWhiteSpace(e.Prompt)).ToList();
        if (entries.Count == 0)
        {
            throw new WorkloadException($"{path}: every prompt is empty ({read.Count.ToString(CultureInfo.InvariantCulture)} lines); give prompts with text.");
        }

        if (options.OutputTokens.FromDataset && entries.FirstOrDefault(e => e.OutputTokens is null) is { } missing)
        {
            throw new WorkloadException($"{path} line {missing.LineNumber.ToString(CultureInfo.InvariantCulture)}: --output-tokens dataset needs an \"output_tokens\" field on every line.");
        }

        var warnings = new List<string>();
        if (empty.Count > 0)
        {
            var lines = string.Join(", ", empty.Take(MaxLinesNamed)) + (empty.Count > MaxLinesNamed ? ", ..." : "");
            var plural = empty.Count == 1 ? "" : "s";
            warnings.Add($"{path}: skipped {empty.Count.ToString(CultureInfo.InvariantCulture)} line{plural} with an empty prompt (line{plural} {lines}).");
        }

        if (!options.InputTokensIsDefault)
        {
            warnings.Add($"--input-tokens {options.InputTokens} is ignored for a jsonl dataset; its prompts are sent as they are.");
        }

        if (entries.Count < count && entries.All(e => e.TimestampMs is null))
        {
            warnings.Add($"{path}: {entries.Count.ToString(CultureInfo.InvariantCulture)} prompts are repeated in file order to make {count.ToString(CultureInfo.InvariantCulture)} prompts.");
        }

        if (entries.Any(e => e.TimestampMs is not null))
        {
            return Timestamped(options, tokenizer, wholeTrace ? int.MaxValue : count, entries, warnings);
        }

        var promptTokens = entries.Select(e => Count(tokenizer, e)).ToArray();
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var items = new WorkloadItem[count];
        for (var i = 0; i < count; i++)
        {
            var k = i % entries.Count;
            var entry = entries[k];
            items[i] = new WorkloadItem(entry.Prompt, promptTokens[k], options.OutputTokens.Resolve(entry.OutputTokens, outputs))
            {
                Messages = entry.Messages,
            };
        }

        var description = $"JSON Lines {path}: {entries.Count.ToString(CultureInfo.InvariantCulture)} prompts in file order, max_tokens {options.OutputTokens}, "
            + $"tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        return new PromptWorkload(items, tokenizer, warnings, description);
    }

    /// <summary>
    /// Lines with a <c>timestamp</c>: every line needs one; the lines inside the window, in time order, at most
    /// <paramref name="count"/> of them, each due at its time (<see cref="TraceTimeline"/>).
    /// </summary>
    private static PromptWorkload Timestamped(ParsedWorkloadOptions options, Tokenizer tokenizer, int count, List<JsonlEntry> entries, List<string> warnings)
    {
        var path = options.Dataset.Path!;
        if (entries.FirstOrDefault(e => e.TimestampMs is null) is { } untimed)
        {
            throw new WorkloadException($"{path} line {untimed.LineNumber.ToString(CultureInfo.InvariantCulture)}: missing \"timestamp\"; other lines have one, so every line needs it (ms from the trace's start).");
        }
        var timeline = TraceTimeline.Arrange(path, entries.Select(e => (e.LineNumber, e.TimestampMs!.Value)).ToArray(), options.TraceSort, absolute: false, options.TraceWindow);
        var taken = Math.Min(count, timeline.Count);
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var items = timeline.Order.Take(taken).Select(k => entries[k])
            .Select(entry => new WorkloadItem(entry.Prompt, Count(tokenizer, entry), options.OutputTokens.Resolve(entry.OutputTokens, outputs)) { Messages = entry.Messages })
            .ToArray();
        var description = $"JSON Lines {path}: {taken.ToString(CultureInfo.InvariantCulture)} prompts at their timestamps over "
            + $"{(timeline.OffsetsMs[taken - 1] / 1000).ToString("0.###", CultureInfo.InvariantCulture)} s, max_tokens {options.OutputTokens}, "
            + $"tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        return new PromptWorkload(items, tokenizer, warnings, description) { ArrivalOffsetsMs = timeline.OffsetsMs.Take(taken).ToArray() };
    }

    /// <summary>Message contents only: the chat template is the server's business and shows in its usage count.</summary>
    private static int Count(Tokenizer tokenizer, JsonlEntry entry) =>
        entry.Messages is { } messages ? messages.Sum(m => tokenizer.CountTokens(m.Content)) : tokenizer.CountTokens(entry.Prompt);
}
