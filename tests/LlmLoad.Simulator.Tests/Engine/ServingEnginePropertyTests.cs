using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Tests.Engine;

/// <summary>Random workloads with random aborts, checking the engine's invariants after every step.</summary>
public sealed class ServingEnginePropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Invariants_hold_under_random_arrivals_aborts_and_preemptions(int seed)
    {
        // a KV pool of 64 blocks for up to 6 sequences of up to 120 tokens forces preemptions
        var profile = EngineTestProfiles.Small with { MaxNumSeqs = 6, KvCapacityTokens = 256, MaxModelLen = 200, Watermark = 0.05 };
        var engine = new ServingEngine(profile, seed);
        var random = new Random(seed);
        var live = new List<EngineSequence>();
        var lastGenerated = new Dictionary<long, int>();
        long enqueued = 0, finished = 0, aborted = 0;

        for (var step = 0; step < 3000; step++)
        {
            if (random.NextDouble() < 0.3)
            {
                var sequence = new EngineSequence(enqueued++, random.Next(1, 80), random.Next(1, 40));
                engine.Enqueue(sequence);
                live.Add(sequence);
                lastGenerated[sequence.Id] = 0;
            }

            if (live.Count > 0 && random.NextDouble() < 0.05)
            {
                var victim = live[random.Next(live.Count)];
                Assert.True(engine.Abort(victim));
                live.Remove(victim);
                aborted++;
            }

            if (!engine.TryPlanStep(live.Count, out var ms))
            {
                Assert.False(engine.HasWork && engine.RunningCount > 0, "running sequences always fit a step");
                continue;
            }

            Assert.True(ms > 0);
            var result = engine.CompleteStep();
            Assert.Equal(result.Emitted.Count, result.Emitted.Distinct().Count());
            foreach (var sequence in result.Emitted)
            {
                Assert.Equal(lastGenerated[sequence.Id] + 1, sequence.Generated); // tokens in order, one per step
                lastGenerated[sequence.Id] = sequence.Generated;
            }

            foreach (var sequence in result.Finished)
            {
                Assert.Equal(sequence.OutputTokens, sequence.Generated);
                Assert.Equal(SequenceState.Finished, sequence.State);
                live.Remove(sequence);
                finished++;
            }

            Assert.InRange(engine.FreeBlocks, 0, engine.TotalBlocks);
            Assert.Equal(engine.TotalBlocks, engine.FreeBlocks + live.Sum(s => s.Blocks));
            Assert.InRange(engine.RunningCount, 0, profile.MaxNumSeqs);
            Assert.Equal(enqueued, finished + aborted + engine.RunningCount + engine.WaitingCount);
        }

        Assert.True(engine.Preemptions > 0, "the workload should exercise preemption");
        Assert.True(finished > 100, "the workload should complete requests");
    }
}
