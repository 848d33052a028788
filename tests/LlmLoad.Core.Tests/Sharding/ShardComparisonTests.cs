using LlmLoad.Core.Sharding;

namespace LlmLoad.Core.Tests.Sharding;

public sealed class ShardComparisonTests
{
    private static ShardRow Row(int index, double requestsPerSecond, int completed = 1000, double startOffsetMs = 0, string[]? healthWarnings = null) =>
        new(new ShardSpec(index, 4), $"host-{index}", 8, null, completed, 0, requestsPerSecond, requestsPerSecond * 100, 0.3, startOffsetMs, healthWarnings ?? []);

    [Fact]
    public void Shards_that_agree_within_noise_give_no_warning()
    {
        // given four shards of 1000 requests each within 2% of each other (noise: 3/sqrt(1000) is 9.5%)
        ShardRow[] rows = [Row(0, 50), Row(1, 51), Row(2, 49.5), Row(3, 50.5)];

        // when
        var warnings = ShardComparison.Warnings(rows, windowSeconds: 20);

        // then
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_shard_whose_throughput_is_off_its_share_by_more_than_noise_is_named()
    {
        // given
        ShardRow[] rows = [Row(0, 50), Row(1, 50), Row(2, 30), Row(3, 50)];

        // when
        var warning = Assert.Single(ShardComparison.Warnings(rows, windowSeconds: 20));

        // then
        Assert.StartsWith("shard 2/4 (host-2) completed 30 req/s where the shards' median for its share is 50 req/s", warning);
    }

    [Fact]
    public void A_late_start_and_an_unhealthy_client_are_named()
    {
        // given shard 1 started 1.5 s late in a 20 s run (over 1% of it), shard 3's client was saturated
        ShardRow[] rows = [Row(0, 50), Row(1, 50, startOffsetMs: 1500), Row(2, 50, startOffsetMs: 120), Row(3, 50, healthWarnings: ["client CPU 97% of 2 cores: ..."])];

        // when
        var warnings = ShardComparison.Warnings(rows, windowSeconds: 20);

        // then
        Assert.Equal(2, warnings.Count);
        Assert.Equal("shard 3/4 (host-3): client CPU 97% of 2 cores: ...", warnings[0]);
        Assert.StartsWith("shard 1/4 (host-1) started its load 1.500 s after the common start", warnings[1]);
    }
}
