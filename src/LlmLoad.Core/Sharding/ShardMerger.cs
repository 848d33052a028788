using System.Globalization;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// Pools the shards of one run into the run they make together. Steps: check that they are shards of one run (same run
/// id, shard count and configuration; each shard once) and which are missing; move every record onto one time base
/// (the earliest shard's clock origin, by each shard's wall-clock origin); summarise the pooled records with the same
/// code as a single run, so percentiles (and a multi-turn run's per-turn and per-session figures) are exact over all of
/// them; add up the shards' session counts; compare the shards with each other.
/// </summary>
public static class ShardMerger
{
    /// <summary>
    /// Why these shards cannot be merged at all (different runs or configurations, a shard given twice), one line each
    /// naming the difference; and which shards of the run are not among them.
    /// </summary>
    public static (IReadOnlyList<string> Refusals, IReadOnlyList<string> Missing) Check(IReadOnlyList<ShardDirectory> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var refusals = new List<string>();
        if (shards.Count == 0)
        {
            return (["no shard directory could be read; give the directories the shards wrote (each has shard.json)."], []);
        }
        var first = shards[0];
        foreach (var other in shards.Skip(1))
        {
            if (ConfigurationDifference(first.Path, first.Manifest.Configuration, other.Path, other.Manifest.Configuration) is { } difference)
            {
                refusals.Add(difference);
            }
            else if (other.Manifest.RunId != first.Manifest.RunId)
            {
                refusals.Add($"{other.Path} belongs to run {other.Manifest.RunId}, {first.Path} to run {first.Manifest.RunId}; merge only shards of one run (give every shard the same --run-id).");
            }
            else if (other.Manifest.Shard.Count != first.Manifest.Shard.Count)
            {
                refusals.Add($"{other.Path} is shard {other.Manifest.Shard}, {first.Path} shard {first.Manifest.Shard}: one run has one shard count; merge only shards of one run.");
            }
        }
        foreach (var twice in shards.GroupBy(s => s.Manifest.Shard.Index).Where(g => g.Count() > 1))
        {
            refusals.Add($"{string.Join(" and ", twice.Select(s => s.Path))} each hold shard {twice.First().Manifest.Shard}; give each shard's directory once.");
        }
        var count = first.Manifest.Shard.Count;
        var missing = Enumerable.Range(0, count)
            .Where(index => shards.All(s => s.Manifest.Shard.Index != index))
            .Select(index => $"shard {index}/{count} of run {first.Manifest.RunId} is not among the directories given.")
            .ToList();
        return (refusals, missing);
    }

    /// <summary>Merges shards that passed <see cref="Check"/> (all of them, or the ones there are with --allow-partial).</summary>
    public static MergedRun Merge(IReadOnlyList<ShardDirectory> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var ordered = shards.OrderBy(s => s.Manifest.Shard.Index).ToList();
        var originUnixMs = ordered.Min(s => s.Manifest.OriginUnixMs);
        var records = ordered
            .SelectMany(s => s.Run.Records.Select(r => Rebase(r, s.Manifest.OriginUnixMs - originUnixMs)))
            .OrderBy(r => r.Index)
            .ToList();
        var configuration = ordered[0].Manifest.Configuration;
        var summary = RunSummarizer.Summarize(records, new SummaryOptions
        {
            MaxConcurrency = (int?)Number(configuration, "concurrency"),
            RequestRate = Number(configuration, "request_rate"),
            Slo = ordered[0].Run.Summary.Slo,
        });
        var rows = ordered.Select(ShardRow.Of).ToList();
        // a shard plays whole sessions (ShardSpec), so the run's session counts are the shards' added up
        var sessions = ordered.Select(s => s.Run.Sessions).OfType<SessionCounts>().ToList();
        return new MergedRun(ordered[0].Manifest.RunId, records, summary, configuration, DateTimeOffset.FromUnixTimeMilliseconds((long)originUnixMs),
            ordered.Any(s => s.Run.Interrupted), rows, ShardComparison.Warnings(rows, summary.DurationSeconds))
        {
            Sessions = sessions.Count == 0 ? null : SessionCounts.Sum(sessions),
        };
    }

    /// <summary>The record on a clock whose origin is <paramref name="shiftMs"/> earlier than its shard's: every run-clock time moves by it.</summary>
    private static RequestRecord Rebase(RequestRecord record, double shiftMs) => shiftMs == 0 ? record : record with
    {
        ScheduledAtMs = record.ScheduledAtMs + shiftMs,
        SentAtMs = record.SentAtMs + shiftMs,
        FirstTokenAtMs = record.FirstTokenAtMs + shiftMs,
        FirstContentAtMs = record.FirstContentAtMs + shiftMs,
        LastTokenAtMs = record.LastTokenAtMs + shiftMs,
        DoneAtMs = record.DoneAtMs + shiftMs,
        ChunkAtMs = [.. record.ChunkAtMs.Select(atMs => atMs + shiftMs)],
    };

    /// <summary>
    /// Names the first configuration key, in order, whose value differs between two shards (one line, for a refusal);
    /// null when they ran with the same configuration.
    /// </summary>
    public static string? ConfigurationDifference(string firstPath, JsonObject first, string otherPath, JsonObject other)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(other);
        var key = first.Select(p => p.Key).Union(other.Select(p => p.Key)).FirstOrDefault(key => !JsonNode.DeepEquals(first[key], other[key]));
        return key is null ? null
            : $"the shards ran with different configurations: \"{key}\" is {Show(other[key])} in {otherPath} but {Show(first[key])} in {firstPath}; merge only shards started with the same flags.";
    }

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "absent";

    private static double? Number(JsonObject configuration, string key) => Reporting.JsonNumber.Read(configuration[key]);
}
