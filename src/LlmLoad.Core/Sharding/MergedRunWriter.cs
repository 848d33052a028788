using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// Writes a merged run as a run directory, so every tool that reads one (report, compare) reads it: the pooled
/// <c>requests.jsonl</c> on one time base, <c>summary.json</c> (its <c>client_health</c> one block per shard,
/// <see cref="MergedClientHealthJson"/>), report.html and charts/ (with the per-shard table), and <c>shards.md</c> with
/// the per-shard table and the warnings.
/// </summary>
public static class MergedRunWriter
{
    public const string ShardsFileName = "shards.md";

    public static async Task WriteAsync(string directory, MergedRun merged, string toolVersion, bool writeReport)
    {
        ArgumentNullException.ThrowIfNull(merged);
        Directory.CreateDirectory(directory);
        await using (var records = new RecordWriter(Path.Combine(directory, SavedRun.RecordsFileName)))
        {
            foreach (var record in merged.Records)
            {
                records.Add(record);
            }
        }
        await using (var summary = File.Create(Path.Combine(directory, SavedRun.SummaryFileName)))
        {
            SummaryJsonWriter.Write(summary, merged.Summary, merged.Configuration, toolVersion, merged.StartedAt, merged.Interrupted,
                sessionCounts: merged.Sessions, shardsClientHealth: MergedClientHealthJson.Build(merged));
        }
        var table = ShardTable.Build(merged);
        await using (var shards = new StreamWriter(Path.Combine(directory, ShardsFileName)))
        {
            MarkdownTableWriter.Write(shards, table);
        }
        if (writeReport)
        {
            var label = ModelLabel.Of(merged.Configuration) ?? "merged run";
            RunReportWriter.Write(directory,
                RunReportWriter.Input(label, merged.Summary, null, merged.Interrupted, merged.Configuration, toolVersion, merged.StartedAt) with { Shards = table },
                merged.Records);
        }
    }
}
