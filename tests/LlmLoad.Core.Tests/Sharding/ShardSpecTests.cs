using LlmLoad.Core.Load;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Sharding;

namespace LlmLoad.Core.Tests.Sharding;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData("0/1", 0, 1)]
    public void I_of_N_parses(string text, int index, int count)
    {
        // when
        var shard = ShardSpec.TryParse(text, out var problem);

        // then
        Assert.Equal(new ShardSpec(index, count), shard);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("1/0")]
    [InlineData("-1/4")]
    [InlineData("a/b")]
    [InlineData("2")]
    [InlineData("1/2/3")]
    public void Anything_but_I_of_N_with_I_below_N_is_refused_with_the_expected_form(string text)
    {
        // when
        var shard = ShardSpec.TryParse(text, out var problem);

        // then
        Assert.Null(shard);
        Assert.Contains("I/N", problem);
    }

    [Fact]
    public void Closed_loop_users_are_the_ones_whose_index_is_I_mod_N_so_shares_differ_by_at_most_one()
    {
        // given 10 users over 4 shards: users 0,4,8 / 1,5,9 / 2,6 / 3,7
        var load = new LoadOptions { Concurrency = 10 };

        // when
        var users = Enumerable.Range(0, 4).Select(i => new ShardSpec(i, 4).Apply(load).Concurrency!.Value).ToArray();

        // then
        Assert.Equal([3, 3, 2, 2], users);
    }

    [Theory]
    [InlineData(0, 13, 4)]
    [InlineData(5, 100, 3)]
    [InlineData(7, 7, 7)]
    [InlineData(3, 1, 2)]
    public void Shards_send_disjoint_work_items_whose_union_is_the_single_runs(int warmup, int measured, int count)
    {
        // given the single run's requests 0..warmup+measured-1, the first `warmup` of them warm-up
        var load = new LoadOptions { WarmupRequests = warmup, NumRequests = measured };

        // when each shard's local requests are mapped to run-wide ones (as LevelRunner sends them)
        var sent = Enumerable.Range(0, count).Select(i =>
        {
            var shard = new ShardSpec(i, count);
            var share = shard.Apply(load);
            return Enumerable.Range(0, share.WarmupRequests + share.NumRequests)
                .Select(k => (Index: shard.GlobalIndex(k), Warmup: k < share.WarmupRequests)).ToList();
        }).ToList();

        // then no item twice, together every item once, and warm-up exactly where the single run has it
        var all = sent.SelectMany(s => s).ToList();
        Assert.Equal(all.Count, all.Select(r => r.Index).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, warmup + measured), all.Select(r => r.Index).Order());
        Assert.All(all, r => Assert.Equal(r.Index < warmup, r.Warmup));
    }

    [Fact]
    public void Sessions_are_split_like_users_so_every_session_is_played_by_one_shard()
    {
        // given 10 sessions over 4 shards: sessions 0,4,8 / 1,5,9 / 2,6 / 3,7
        var load = new LoadOptions { Concurrency = 4, NumSessions = 10 };

        // when each shard's local sessions are mapped to the run's (as SessionRunner plays them)
        var played = Enumerable.Range(0, 4).Select(i =>
        {
            var shard = new ShardSpec(i, 4);
            return Enumerable.Range(0, shard.Apply(load).NumSessions!.Value).Select(shard.GlobalIndex).ToList();
        }).ToList();

        // then
        Assert.Equal([3, 3, 2, 2], played.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 10), played.SelectMany(p => p).Order());
        Assert.All(played.Select((sessions, i) => (sessions, i)), p => Assert.All(p.sessions, s => Assert.Equal(p.i, s % 4)));
    }

    [Fact]
    public void An_open_loop_rate_is_divided_with_an_independent_arrival_stream_per_shard()
    {
        // given
        var load = new LoadOptions { Concurrency = null, RequestsPerSecond = 40, Seed = 7 };

        // when
        var shares = Enumerable.Range(0, 4).Select(i => new ShardSpec(i, 4).Apply(load)).ToList();

        // then each offers a quarter of the rate, each from its own stream, and the same stream when run again
        Assert.All(shares, share => Assert.Equal(10, share.RequestsPerSecond));
        Assert.Equal(4, shares.Select(s => s.Seed).Distinct().Count());
        Assert.DoesNotContain(7, shares.Select(s => s.Seed));
        Assert.Equal(shares[2].Seed, new ShardSpec(2, 4).Apply(load).Seed);
        var firstGaps = shares.Select(s => ArrivalSchedule.OffsetsMs(s.Arrival, s.RequestsPerSecond!.Value, s.Seed).ElementAt(1)).ToList();
        Assert.Equal(4, firstGaps.Distinct().Count());
    }

    [Fact]
    public void One_shard_of_one_is_the_whole_run()
    {
        // given
        var load = new LoadOptions { Concurrency = 9, NumRequests = 50, WarmupRequests = 3, Seed = 11 };

        // when
        var share = ShardSpec.Whole.Apply(load);

        // then
        Assert.Equal(load, share);
    }

    [Fact]
    public void A_traces_due_times_are_split_by_index()
    {
        // given
        var load = new LoadOptions { Concurrency = null, TraceOffsetsMs = [0, 10, 20, 30, 40], NumRequests = 5 };

        // when
        var second = new ShardSpec(1, 2).Apply(load);

        // then
        Assert.Equal([10, 30], second.TraceOffsetsMs);
        Assert.Equal(2, second.NumRequests);
    }
}
