using LlmLoad.Cli.Kubernetes;

namespace LlmLoad.Cli.Tests.Kubernetes;

/// <summary>The sizing rule of docs/kubernetes.md, "Resources", on hand-worked cases.</summary>
public sealed class ShardResourcesTests
{
    [Fact]
    public void A_closed_loop_is_sized_at_fifty_tokens_per_second_per_user()
    {
        // given 4096 users over 4 shards: 1024 streams, 51,200 token events/s each
        var load = ShardLoad.ClosedLoop(4096, 100);

        // when
        var resources = ShardResources.For(load, 4);

        // then 51,200 x 17 us x 2 = 1.741 cores -> 1800m; 128 MiB + 1024 x 45 KiB = 173 MiB -> 192 -> at least 256 MiB
        Assert.Equal(new ShardResources(1800, 256, 512), resources);
        Assert.Equal(("1800m", "256Mi", "512Mi"), (resources.Cpu, resources.MemoryRequest, resources.MemoryLimit));
    }

    [Fact]
    public void An_open_loop_is_sized_from_its_rate_and_output_tokens()
    {
        // given 2000 req/s of 100-token replies from one shard: 200,000 events/s, 20,000 requests of 10 s in flight
        var load = ShardLoad.OpenLoop(2000, inFlightCap: null, outputTokens: 100);

        // when
        var resources = ShardResources.For(load, 1);

        // then 200,000 x 17 us x 2 = 6.8 cores; 128 MiB + 20,000 x 45 KiB = 1006.9 MiB -> 1024 MiB
        Assert.Equal(new ShardResources(6800, 1024, 2048), resources);
    }

    [Fact]
    public void An_in_flight_cap_bounds_an_open_loops_streams()
    {
        // given 2000 req/s capped at 4000 in flight over 2 shards: 1000 req/s and 2000 streams each
        var load = ShardLoad.OpenLoop(2000, inFlightCap: 4000, outputTokens: 50);

        // when
        var resources = ShardResources.For(load, 2);

        // then 50,000 events/s x 17 us x 2 = 1.7 cores; 128 MiB + 2000 x 45 KiB = 215.9 MiB -> at least 256 MiB
        Assert.Equal(new ShardResources(1700, 256, 512), resources);
    }

    [Fact]
    public void A_small_load_gets_the_minimum()
    {
        // when
        var resources = ShardResources.For(ShardLoad.ClosedLoop(1, 100), 1);

        // then
        Assert.Equal(new ShardResources(ShardResources.MinimumCpuMillicores, ShardResources.MinimumMemoryMiB, 2 * ShardResources.MinimumMemoryMiB), resources);
    }

    [Fact]
    public void An_uneven_split_sizes_for_the_largest_share()
    {
        // given 10,002 users over 4 shards: shares of 2501 and 2500; the pods are sized for 2501
        var load = ShardLoad.ClosedLoop(10_002, 100);

        // when
        var resources = ShardResources.For(load, 4);

        // then 2501 x 50 x 17 us x 2 = 4.2517 cores -> 4300m; 128 MiB + 2501 x 45 KiB = 237.9 MiB -> at least 256 MiB
        Assert.Equal(4300, resources.CpuMillicores);
    }
}
