using System.Globalization;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// Warnings when the shards of a merged run disagree by more than noise: a shard whose client was not healthy (its
/// latencies carry its own queueing), a shard that started late (the load was lower than asked at the start), and a
/// shard that finished clearly more or fewer requests than its share (a slow client, network path or node).
/// </summary>
public static class ShardComparison
{
    /// <summary>A late start is worth a warning from this share of the merged run's window (1%: the load was that much short at the start).</summary>
    public const double LateShareOfWindow = 0.01;

    /// <summary>
    /// A shard's throughput is off its share when it differs from the shards' median for its share by more than this
    /// fraction and by more than three standard deviations of a rate read from n completions (3 / √n of it): big runs'
    /// small differences are real but harmless, small runs' large ones are noise.
    /// </summary>
    public const double OffShareFraction = 0.10;

    public static IReadOnlyList<string> Warnings(IReadOnlyList<ShardRow> rows, double windowSeconds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var warnings = new List<string>();
        foreach (var row in rows.Where(r => r.HealthWarnings.Count > 0))
        {
            warnings.Add($"shard {row.Shard} ({row.Host}): {row.HealthWarnings[0]}");
        }
        var lateMs = Math.Max(ShardStart.LateAfter.TotalMilliseconds, LateShareOfWindow * windowSeconds * 1000);
        foreach (var row in rows.Where(r => r.StartOffsetMs > lateMs))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"shard {row.Shard} ({row.Host}) started its load {row.StartOffsetMs / 1000:0.000} s after the common start: the run offered less load than asked until it joined; give a later --start-at."));
        }
        // a shard's throughput should follow its share (users in a closed loop, rate in an open one); the median
        // throughput per unit of share is the yardstick, so one outlier does not drag the others off with it
        var perShare = rows.Where(r => r.RequestsPerSecond is not null).Select(r => r.RequestsPerSecond!.Value / Weight(r)).Order().ToList();
        if (perShare.Count > 0)
        {
            var median = perShare.Count % 2 == 1 ? perShare[perShare.Count / 2] : (perShare[perShare.Count / 2 - 1] + perShare[perShare.Count / 2]) / 2;
            foreach (var row in rows)
            {
                var expected = median * Weight(row);
                var difference = Math.Abs((row.RequestsPerSecond ?? 0) - expected);
                if (difference > OffShareFraction * expected && difference > 3 * expected / Math.Sqrt(Math.Max(1, row.Completed)))
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"shard {row.Shard} ({row.Host}) completed {row.RequestsPerSecond ?? 0:0.##} req/s where the shards' median for its share is {expected:0.##} req/s: more than noise; look at that shard's client health and its path to the endpoint."));
                }
            }
        }
        return warnings;
    }

    private static double Weight(ShardRow row) => row.RateShare ?? row.Users ?? 1.0;
}
