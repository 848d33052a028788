using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Engine;

/// <summary>The engine's prefix cache on hand-sized profiles (4-token blocks).</summary>
public sealed class PrefixCacheTests
{
    // one step prefills a whole prompt; a prefill token costs 0.1 ms, so prefill time shows in the step
    private static readonly SimulatorProfile s_profile = EngineTestProfiles.Small with { MaxNumBatchedTokens = 512, TauCUs = 100 };

    [Fact]
    public void A_repeated_prompt_computes_only_its_uncached_tokens_and_its_first_token_comes_sooner()
    {
        var engine = new ServingEngine(s_profile, seed: 1);
        var prompt = Content(100, document: 1);

        var (first, firstMs) = RunToFirstToken(engine, new EngineSequence(1, 100, 1, blockHashes: prompt));
        var (second, secondMs) = RunToFirstToken(engine, new EngineSequence(2, 100, 1, blockHashes: prompt));

        Assert.Equal((0, 96), (first.CachedPromptTokens, second.CachedPromptTokens)); // 24 of 25 blocks: the last token is always computed
        // 1 + max(1, 100·0.1) + 0.1 = 11.1 ms for the whole prompt; 1 + max(1, 4·0.1) + 0.1 = 2.1 ms for the last block
        Assert.Equal((11.1, 2.1), (Math.Round(firstMs, 6), Math.Round(secondMs, 6)));
        Assert.Equal((200, 96), (engine.PrefixCacheQueries, engine.PrefixCacheHits));
    }

    [Fact]
    public void A_fully_cached_prompt_still_computes_its_last_block_containing_the_last_token()
    {
        var engine = new ServingEngine(s_profile, seed: 1);
        var prompt = Content(8, document: 1); // exactly two full blocks

        RunToFirstToken(engine, new EngineSequence(1, 8, 1, blockHashes: prompt));
        var (again, _) = RunToFirstToken(engine, new EngineSequence(2, 8, 1, blockHashes: prompt));

        Assert.Equal(4, again.CachedPromptTokens);
    }

    [Fact]
    public void A_prompt_that_differs_from_a_cached_one_reuses_the_blocks_before_the_difference_only()
    {
        var engine = new ServingEngine(s_profile, seed: 1);
        var tokens = Enumerable.Range(0, 40).ToArray();
        var changed = (int[])tokens.Clone();
        changed[22] = -1; // in block 5

        RunToFirstToken(engine, new EngineSequence(1, 40, 1, blockHashes: BlockHashBuilderTests.Hashes(4, tokens)));
        var (other, _) = RunToFirstToken(engine, new EngineSequence(2, 40, 1, blockHashes: BlockHashBuilderTests.Hashes(4, changed)));

        Assert.Equal(20, other.CachedPromptTokens);
    }

    [Fact]
    public void Cached_blocks_of_finished_requests_are_free_yet_reusable()
    {
        var engine = new ServingEngine(s_profile, seed: 1);

        RunToFirstToken(engine, new EngineSequence(1, 24, 1, blockHashes: Content(24, document: 1)));

        Assert.Equal((engine.TotalBlocks, 0.0, 6), (engine.FreeBlocks, engine.KvCacheUsage, engine.CachedBlocks));
    }

    [Fact]
    public void Under_memory_pressure_the_least_recently_freed_blocks_are_evicted_tail_first()
    {
        // 16 blocks of 4 tokens
        var engine = new ServingEngine(s_profile with { KvCapacityTokens = 64 }, seed: 1);
        var a = Content(24, document: 1);
        var b = Content(24, document: 2);
        RunToFirstToken(engine, new EngineSequence(1, 24, 1, blockHashes: a)); // A's 6 blocks cached, then freed
        RunToFirstToken(engine, new EngineSequence(2, 24, 1, blockHashes: b)); // B's 6 blocks cached, then freed; 4 blocks never used

        // 8 blocks of unknown content: the 4 unused ones, then A's last 4 blocks (A was freed first, its tail first)
        RunToFirstToken(engine, new EngineSequence(3, 32, 1));
        var (againA, _) = RunToFirstToken(engine, new EngineSequence(4, 24, 1, blockHashes: a));
        var (againB, _) = RunToFirstToken(engine, new EngineSequence(5, 24, 1, blockHashes: b));

        Assert.Equal(4, engine.PrefixCacheEvictions);
        Assert.Equal((8, 20), (againA.CachedPromptTokens, againB.CachedPromptTokens));
    }

    [Fact]
    public void A_prefix_shared_by_running_requests_is_held_once()
    {
        var engine = new ServingEngine(s_profile, seed: 1);
        var prompt = Content(24, document: 1);
        var first = new EngineSequence(1, 24, 5, blockHashes: prompt);
        var second = new EngineSequence(2, 24, 5, blockHashes: prompt);
        engine.Enqueue(first);
        engine.Enqueue(second);

        engine.TryPlanStep(2, out _); // both admitted in one step: the second finds the blocks the first entered

        Assert.Equal((0, 20), (first.CachedPromptTokens, second.CachedPromptTokens));
        Assert.Equal(engine.TotalBlocks - 7, engine.FreeBlocks); // 6 shared blocks + the second's own last block
    }

    [Fact]
    public void With_prefix_caching_off_nothing_is_reused_or_counted()
    {
        var engine = new ServingEngine(s_profile with { PrefixCaching = false }, seed: 1);
        var prompt = Content(100, document: 1);

        RunToFirstToken(engine, new EngineSequence(1, 100, 1, blockHashes: prompt));
        var (second, secondMs) = RunToFirstToken(engine, new EngineSequence(2, 100, 1, blockHashes: prompt));

        Assert.Equal((0, 11.1), (second.CachedPromptTokens, Math.Round(secondMs, 6)));
        Assert.Equal((0, 0, 0), (engine.PrefixCacheQueries, engine.PrefixCacheHits, engine.CachedBlocks));
    }

    [Fact]
    public void A_sequence_with_more_block_hashes_than_full_prompt_blocks_is_refused()
    {
        var engine = new ServingEngine(s_profile, seed: 1);

        Assert.Throws<ArgumentException>(() => engine.Enqueue(new EngineSequence(1, 7, 1, blockHashes: Content(8, document: 1))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Blocks_are_conserved_under_random_shared_prompts_aborts_preemptions_and_evictions(int seed)
    {
        // 64 blocks; prompts are starts of 3 documents, so they share prefixes of every length
        var profile = EngineTestProfiles.Small with { MaxNumSeqs = 6, KvCapacityTokens = 256, MaxModelLen = 200, Watermark = 0.05 };
        var engine = new ServingEngine(profile, seed);
        var random = new Random(seed);
        var live = new List<EngineSequence>();
        for (var step = 0; step < 3000; step++)
        {
            if (random.NextDouble() < 0.3)
            {
                var tokens = random.Next(1, 80);
                var sequence = new EngineSequence(step, tokens, random.Next(1, 40), blockHashes: Content(tokens, document: random.Next(3)));
                engine.Enqueue(sequence);
                live.Add(sequence);
            }

            if (live.Count > 0 && random.NextDouble() < 0.05)
            {
                var victim = live[random.Next(live.Count)];
                engine.Abort(victim);
                live.Remove(victim);
            }

            if (engine.TryPlanStep(live.Count, out _))
            {
                foreach (var finished in engine.CompleteStep().Finished)
                {
                    live.Remove(finished);
                }
            }

            Assert.InRange(engine.FreeBlocks, 0, engine.TotalBlocks);
            Assert.True(engine.FreeBlocks + live.Sum(s => s.Blocks) >= engine.TotalBlocks, "shared blocks are counted once in the pool");
        }

        foreach (var sequence in live.ToList())
        {
            engine.Abort(sequence);
        }

        Assert.Equal(engine.TotalBlocks, engine.FreeBlocks);
        Assert.True(engine.PrefixCacheHits > 0 && engine.PrefixCacheEvictions > 0 && engine.Preemptions > 0, "the workload should exercise hits, evictions and preemptions");
        Assert.InRange(engine.CachedBlocks, 1, engine.TotalBlocks);
    }

    /// <summary>Block hashes of a prompt of <paramref name="tokens"/> tokens of one document (4-token blocks).</summary>
    private static ulong[] Content(int tokens, int document) =>
        BlockHashBuilderTests.Hashes(4, Enumerable.Range(document * 100_000, tokens));

    /// <summary>Enqueues the sequence alone and steps until its first token; returns the steps' total time.</summary>
    private static (EngineSequence Sequence, double Ms) RunToFirstToken(ServingEngine engine, EngineSequence sequence)
    {
        engine.Enqueue(sequence);
        var ms = 0.0;
        while (sequence.Generated == 0 && engine.TryPlanStep(1, out var stepMs))
        {
            ms += stepMs;
            engine.CompleteStep();
        }

        return (sequence, ms);
    }
}
