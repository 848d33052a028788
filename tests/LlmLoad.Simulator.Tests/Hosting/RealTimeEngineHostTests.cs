using LlmLoad.Simulator.Hosting;
using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Tests.Virtual;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Simulator.Tests.Hosting;

public sealed class RealTimeEngineHostTests
{
    private static readonly SimulatorProfile s_tiny = ProfileCatalog.Get("tiny");

    [Fact]
    public async Task Tokens_arrive_in_order_one_per_step_and_the_last_is_final()
    {
        using var host = new RealTimeEngineHost(s_tiny, seed: 1, speedup: 1, new InFlightCounter());
        host.Start();

        var request = host.Submit(promptTokens: 20, outputTokens: 10);
        var events = await ReadAllAsync(request);

        Assert.Equal(Enumerable.Range(1, 10), events.Select(e => e.GeneratedTokens));
        Assert.Equal([.. Enumerable.Repeat(false, 9), true], events.Select(e => e.IsFinal));
        Assert.All(events, e => Assert.Equal(TokenEventKind.Tokens, e.Kind));
    }

    [Fact]
    public async Task A_full_waiting_queue_turns_new_requests_away()
    {
        using var host = new RealTimeEngineHost(s_tiny with { MaxWaiting = 2 }, seed: 1, speedup: 1, new InFlightCounter());
        // submitted before the engine thread starts, so all three reach it at the same step boundary
        var first = host.Submit(10, 3);
        var second = host.Submit(10, 3);
        var third = host.Submit(10, 3);

        host.Start();
        var thirdEvents = await ReadAllAsync(third);
        var firstEvents = await ReadAllAsync(first);
        var secondEvents = await ReadAllAsync(second);

        Assert.Equal([(TokenEventKind.QueueFull, 0, true)], thirdEvents.Select(e => (e.Kind, e.GeneratedTokens, e.IsFinal)));
        Assert.Equal((3, 3), (firstEvents.Count, secondEvents.Count));
    }

    [Fact]
    public async Task An_aborted_request_receives_no_more_tokens()
    {
        using var host = new RealTimeEngineHost(s_tiny, seed: 1, speedup: 1, new InFlightCounter());
        host.Start();
        var aborted = host.Submit(10, 1000);
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await aborted.Events.ReadAsync(cancellationToken);
        }

        host.Abort(aborted);
        await ReadAllAsync(host.Submit(10, 5)); // commands apply in order: the abort has landed once this finishes
        while (aborted.Events.TryRead(out var e))
        {
            Assert.False(e.IsFinal);
        }

        await ReadAllAsync(host.Submit(10, 5));

        Assert.False(aborted.Events.TryRead(out _));
        Assert.False(aborted.Events.Completion.IsCompleted);
    }

    [Fact]
    public async Task Real_time_decoding_matches_virtual_time_within_a_generous_bound()
    {
        // a slower variant of tiny (about 10 ms steps) so that scheduling noise on a busy machine stays small
        var profile = s_tiny with { T0Ms = 8, StepCv = 0 };
        using var host = new RealTimeEngineHost(profile, seed: 1, speedup: 1, new InFlightCounter());
        host.Start();

        var tpots = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MeasureTpotAsync(host, outputTokens: 80)));
        var virtualRun = VirtualTimeSweep.RunLevel(profile, 4, VirtualWorkload.StudyBaseline with { OutputTokens = 80 }, VirtualRunOptions.Default,
            TestContext.Current.CancellationToken);

        // agree within a few percent on an idle machine; the bound leaves room for a busy one (CI runs the
        // other test assemblies beside this one, and the engine thread can lose its core for a few steps)
        // while still catching unit or speed-up mistakes
        var ratio = tpots.Average() / virtualRun.MeanTpotMs();
        Assert.InRange(ratio, 0.7, 1.6);
    }

    private static async Task<double> MeasureTpotAsync(RealTimeEngineHost host, int outputTokens)
    {
        var request = host.Submit(30, outputTokens);
        var first = 0L;
        var last = 0L;
        // the engine's own step stamps: when this task reads an event depends on the thread pool, not the engine
        await foreach (var e in request.Events.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            last = e.StepEndTimestamp;
            first = e.GeneratedTokens == 1 ? last : first;
        }

        return (last - first) * 1000.0 / System.Diagnostics.Stopwatch.Frequency / (outputTokens - 1);
    }

    private static async Task<List<TokenEvent>> ReadAllAsync(SimulatedRequest request)
    {
        var events = new List<TokenEvent>();
        await foreach (var e in request.Events.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
