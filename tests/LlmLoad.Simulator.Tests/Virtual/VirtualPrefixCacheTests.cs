using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Simulator.Tests.Virtual;

/// <summary>Multi-turn sessions and shared prefixes in virtual time, over the engine's prefix cache.</summary>
public sealed class VirtualPrefixCacheTests
{
    // the HTTP test's profile: prefill dominates a step (0.1 ms per prompt token)
    private static readonly SimulatorProfile s_profile = ProfileCatalog.Get("tiny") with
    {
        MaxNumBatchedTokens = 8192,
        TauCUs = 100,
        KvCapacityTokens = 65536,
        MaxModelLen = 16384,
    };

    private static readonly VirtualWorkload s_sessions = new()
    {
        PromptTokensMin = 600,
        PromptTokensMax = 600,
        OutputTokens = 40,
        TurnsPerSession = 6,
        ThinkTimeMs = 1000,
    };

    [Fact]
    public void With_prefix_caching_ttft_by_turn_stays_near_turn_1_while_prompts_grow_six_fold()
    {
        var result = VirtualTimeSweep.RunLevel(s_profile, 8, s_sessions, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        var byTurn = result.ByTurn();
        Assert.Equal([1, 2, 3, 4, 5, 6], byTurn.Select(t => t[0].Turn));
        var (first, last) = (byTurn[0], byTurn[^1]);
        Assert.Equal(604 + 5 * (600 + 40), last.Average(r => r.PromptTokens)); // 600 + 4 template tokens, then each turn adds an input and a reply
        Assert.True(last.MeanTtftMs() < 1.3 * first.MeanTtftMs(), $"TTFT turn 1 {first.MeanTtftMs():0.0} ms, turn 6 {last.MeanTtftMs():0.0} ms");
        Assert.Equal(0, first.Average(r => r.CachedPromptTokens));
        // turn 6 finds turn 5's content (600 + 4 × 640 tokens) in whole 16-token blocks; it computes its reply and input
        Assert.Equal((600 + 4 * 640) / 16 * 16, last.Average(r => r.CachedPromptTokens));
        Assert.InRange(result.PrefixCacheHitRate, 0.65, 0.75); // 9360 of 13224 prompt tokens over a whole session
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public void Without_prefix_caching_ttft_grows_with_the_prompt()
    {
        var result = VirtualTimeSweep.RunLevel(s_profile with { PrefixCaching = false }, 8, s_sessions, VirtualRunOptions.Default,
            TestContext.Current.CancellationToken);

        var byTurn = result.ByTurn();
        Assert.True(byTurn[^1].MeanTtftMs() > 3 * byTurn[0].MeanTtftMs(),
            $"TTFT turn 1 {byTurn[0].MeanTtftMs():0.0} ms, turn 6 {byTurn[^1].MeanTtftMs():0.0} ms");
        Assert.Equal(0, result.PrefixCacheQueryTokens);
        Assert.True(double.IsNaN(result.PrefixCacheHitRate));
    }

    [Fact]
    public void Prefix_groups_are_computed_once_each_and_then_hit()
    {
        var workload = new VirtualWorkload { PromptTokensMin = 64, PromptTokensMax = 64, OutputTokens = 20, PrefixTokens = 512, PrefixGroups = 4 };

        var result = VirtualTimeSweep.RunLevel(s_profile, 16, workload, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        // each 580-token prompt (512 + 64 + 4 template tokens) finds its group's 512-token prefix
        Assert.InRange(result.PrefixCacheHitRate, 0.87, 512.0 / 580);
        Assert.Equal(512, result.ByTurn().Single().Average(r => r.CachedPromptTokens), precision: 0);
    }

    [Fact]
    public void Single_turn_prompts_share_nothing_so_the_cache_never_hits()
    {
        var result = VirtualTimeSweep.RunLevel(ProfileCatalog.Get("gpt-oss-20b"), 32, VirtualWorkload.StudyBaseline, VirtualRunOptions.Default,
            TestContext.Current.CancellationToken);

        Assert.True(result.PrefixCacheQueryTokens > 0);
        Assert.Equal(0, result.PrefixCacheHitTokens);
    }
}
