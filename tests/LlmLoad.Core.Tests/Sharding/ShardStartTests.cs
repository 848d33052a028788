using LlmLoad.Core.Sharding;
using Microsoft.Extensions.Time.Testing;

namespace LlmLoad.Core.Tests.Sharding;

public sealed class ShardStartTests
{
    private static readonly DateTimeOffset StartAt = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static ShardRun Shard => new(new ShardSpec(2, 4), "run-a", StartAt);

    [Fact]
    public async Task A_shard_ready_early_waits_for_the_common_start()
    {
        // given a clock 3 s before the start
        var clock = new FakeTimeProvider(StartAt.AddSeconds(-3));

        // when
        var waiting = ShardStart.WaitAsync(Shard, clock, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        var earlyDone = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        // then
        Assert.False(earlyDone);
        var (startAt, warning) = await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(StartAt, startAt);
        Assert.Null(warning);
    }

    [Fact]
    public async Task A_shard_past_the_start_says_by_how_much()
    {
        // given a clock 1.25 s past the start
        var clock = new FakeTimeProvider(StartAt.AddSeconds(1.25));

        // when
        var (_, warning) = await ShardStart.WaitAsync(Shard, clock, TestContext.Current.CancellationToken);

        // then
        Assert.StartsWith("shard 2/4 started its load 1.250 s after --start-at 2026-03-02T14:00:00.000Z", warning);
    }

    [Fact]
    public async Task A_few_milliseconds_past_the_start_is_on_time()
    {
        // given
        var clock = new FakeTimeProvider(StartAt.AddMilliseconds(20));

        // when
        var (_, warning) = await ShardStart.WaitAsync(Shard, clock, TestContext.Current.CancellationToken);

        // then
        Assert.Null(warning);
    }

    [Fact]
    public async Task A_gate_moves_the_common_start_later_and_a_levels_offset_adds_to_it()
    {
        // given a gate that agreed a start 5 s after the planned one, and the sweep's second level 70 s on
        var clock = new FakeTimeProvider(StartAt.AddSeconds(1));
        var shard = Shard.After(TimeSpan.FromSeconds(70)) with { Gate = new FixedGate(StartAt.AddSeconds(5)) };

        // when
        var waiting = ShardStart.WaitAsync(shard, clock, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(73.9));
        var earlyDone = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        // then
        Assert.False(earlyDone);
        var (startAt, warning) = await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(StartAt.AddSeconds(75), startAt);
        Assert.Null(warning);
    }

    private sealed class FixedGate(DateTimeOffset start) : IShardStartGate
    {
        public Task<DateTimeOffset> OpenAsync(DateTimeOffset planned, CancellationToken cancellationToken) => Task.FromResult(start);
    }
}
