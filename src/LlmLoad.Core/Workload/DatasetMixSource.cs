using LlmLoad.Core.Validation;
using System.Globalization;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds a <c>--dataset-mix</c> workload: each request draws its source by weight from the seed, each source builds
/// as many prompts as it was drawn for (with every other flag as given), and the items keep their draw order and
/// say which source they came from.
/// </summary>
internal static class DatasetMixSource
{
    public static PromptWorkload Build(WorkloadOptions options, int count)
    {
        var problems = new List<OptionProblem>();
        var mix = options.ParseDatasetMix(problems) ?? throw new WorkloadException(string.Join(" ", problems));
        var picks = mix.Picks(options.Seed, WorkloadRandom.DatasetMix, count);
        var sources = mix.Entries
            .Select((entry, i) => WorkloadFactory.Build(options with { Dataset = entry.Name, DatasetMix = null }, picks.Count(pick => pick == i)))
            .ToArray();
        var next = new int[sources.Length];
        var items = new WorkloadItem[count];
        for (var i = 0; i < count; i++)
        {
            var source = picks[i];
            items[i] = sources[source].Items[next[source]++ % sources[source].Items.Count] with { Dataset = mix.Entries[source].Name };
        }

        var total = mix.Entries.Sum(entry => entry.Weight);
        var description = "mix of " + string.Join("; ", mix.Entries.Select((entry, i) =>
            $"{(100 * entry.Weight / total).ToString("0", CultureInfo.InvariantCulture)}% {sources[i].Description}"));
        var warnings = mix.Entries.SelectMany((entry, i) => sources[i].Warnings.Select(warning => $"{entry.Name}: {warning}")).ToArray();
        // every source counts tokens with the same --tokenizer
        return new PromptWorkload(items, sources[0].Tokenizer, warnings, description);
    }
}
