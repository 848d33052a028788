using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Tests.Engine;

public sealed class ServingEngineTests
{
    [Fact]
    public void A_request_is_prefilled_in_one_step_then_decodes_one_token_per_step()
    {
        var engine = new ServingEngine(EngineTestProfiles.Small, seed: 1);
        var request = new EngineSequence(1, promptTokens: 10, outputTokens: 3);
        engine.Enqueue(request);

        var steps = new List<(double Ms, int Generated, int Computed, bool Finished)>();
        while (engine.TryPlanStep(1, out var ms))
        {
            var result = engine.CompleteStep();
            steps.Add((ms, request.Generated, request.Computed, result.Finished.Count == 1));
        }

        // prefill: 1 + max(1, 10·0.01) + 0.1 = 2.1 ms; decode: 1 + max(1, 0.01) + 0.1 = 2.1 ms
        Assert.Equal([(2.1, 1, 10, false), (2.1, 2, 11, false), (2.1, 3, 12, true)], steps);
        Assert.Equal(SequenceState.Finished, request.State);
        Assert.Equal(engine.TotalBlocks, engine.FreeBlocks);
    }

    [Fact]
    public void A_prompt_longer_than_the_token_budget_is_prefilled_in_chunks_and_emits_after_the_last()
    {
        var engine = new ServingEngine(EngineTestProfiles.Small, seed: 1);
        var request = new EngineSequence(1, promptTokens: 150, outputTokens: 2);
        engine.Enqueue(request);

        var progress = new List<(int Computed, int Generated)>();
        while (engine.TryPlanStep(1, out _))
        {
            engine.CompleteStep();
            progress.Add((request.Computed, request.Generated));
        }

        Assert.Equal([(64, 0), (128, 0), (150, 1), (151, 2)], progress);
    }

    [Fact]
    public void The_running_batch_never_exceeds_max_num_seqs()
    {
        var engine = new ServingEngine(EngineTestProfiles.Small, seed: 1);
        for (var i = 0; i < 10; i++)
        {
            engine.Enqueue(new EngineSequence(i, promptTokens: 4, outputTokens: 5));
        }

        engine.TryPlanStep(10, out _);
        var result = engine.CompleteStep();

        Assert.Equal((4, 6, 4), (engine.RunningCount, engine.WaitingCount, result.Emitted.Count));
    }

    [Fact]
    public void New_requests_share_the_token_budget_left_by_running_ones()
    {
        var engine = new ServingEngine(EngineTestProfiles.Small, seed: 1);
        var first = new EngineSequence(1, promptTokens: 40, outputTokens: 5);
        var second = new EngineSequence(2, promptTokens: 40, outputTokens: 5);
        engine.Enqueue(first);
        engine.Enqueue(second);

        engine.TryPlanStep(2, out _);
        engine.CompleteStep();

        // 64-token budget: all 40 of the first prompt, then a 24-token chunk of the second
        Assert.Equal((40, 1, 24, 0), (first.Computed, first.Generated, second.Computed, second.Generated));
    }

    [Fact]
    public void When_kv_blocks_run_out_the_newest_request_is_preempted_and_later_re_prefills_prompt_plus_generated()
    {
        // 8 blocks of 4 tokens; two 12-token prompts take 3 blocks each; at 17 tokens each needs a 5th block
        var engine = new ServingEngine(EngineTestProfiles.Small with { KvCapacityTokens = 32, MaxModelLen = 24 }, seed: 1);
        var older = new EngineSequence(1, promptTokens: 12, outputTokens: 10);
        var newer = new EngineSequence(2, promptTokens: 12, outputTokens: 10);
        engine.Enqueue(older);
        engine.Enqueue(newer);

        var newerProgress = new List<(int Generated, int Computed, SequenceState State)>();
        while (engine.TryPlanStep(2, out _))
        {
            engine.CompleteStep();
            newerProgress.Add((newer.Generated, newer.Computed, newer.State));
            Assert.InRange(engine.FreeBlocks, 0, engine.TotalBlocks);
        }

        Assert.Equal((1L, 1), (engine.Preemptions, newer.Preemptions));
        Assert.Equal((5, 0, SequenceState.Waiting), newerProgress[5]);           // step 6 needs token 17: preempted, KV dropped
        var resumed = newerProgress.FindIndex(p => p.Generated == 6);
        Assert.Equal((6, 17, SequenceState.Running), newerProgress[resumed]);    // one step re-computes 12 + 5 tokens
        Assert.Equal((10, 10), (older.Generated, newer.Generated));
        Assert.Equal(engine.TotalBlocks, engine.FreeBlocks);
    }

    [Fact]
    public void An_aborted_request_frees_its_blocks_and_its_in_flight_step_result_is_ignored()
    {
        var engine = new ServingEngine(EngineTestProfiles.Small, seed: 1);
        var kept = new EngineSequence(1, promptTokens: 8, outputTokens: 3);
        var aborted = new EngineSequence(2, promptTokens: 8, outputTokens: 3);
        engine.Enqueue(kept);
        engine.Enqueue(aborted);
        engine.TryPlanStep(2, out _);

        var wasActive = engine.Abort(aborted);
        var result = engine.CompleteStep();

        Assert.True(wasActive);
        Assert.Equal([kept], result.Emitted);
        Assert.Equal((SequenceState.Aborted, 0, 0), (aborted.State, aborted.Blocks, aborted.Generated));
        Assert.Equal(engine.TotalBlocks - kept.Blocks, engine.FreeBlocks);
        Assert.False(engine.Abort(aborted));
    }

    [Fact]
    public void Planning_twice_without_completing_is_a_programming_error()
    {
        var engine = new ServingEngine(EngineTestProfiles.Small, seed: 1);
        engine.Enqueue(new EngineSequence(1, 4, 4));
        engine.TryPlanStep(1, out _);

        var error = Assert.Throws<InvalidOperationException>(() => engine.TryPlanStep(1, out _));

        Assert.Contains("already planned", error.Message);
    }

    [Fact]
    public void Step_noise_is_reproducible_for_a_seed_and_differs_between_seeds()
    {
        var noisy = EngineTestProfiles.Small with { StepCv = 0.03, HiccupProb = 0.2, HiccupMs = 5 };

        var first = StepDurations(new ServingEngine(noisy, seed: 42));
        var again = StepDurations(new ServingEngine(noisy, seed: 42));
        var other = StepDurations(new ServingEngine(noisy, seed: 43));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, ms => Assert.InRange(ms, 1.5, 60));
    }

    private static List<double> StepDurations(ServingEngine engine)
    {
        engine.Enqueue(new EngineSequence(1, promptTokens: 10, outputTokens: 50));
        var durations = new List<double>();
        while (engine.TryPlanStep(1, out var ms))
        {
            engine.CompleteStep();
            durations.Add(ms);
        }

        return durations;
    }
}
