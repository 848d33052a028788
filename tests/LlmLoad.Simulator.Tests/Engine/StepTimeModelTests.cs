using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Engine;

public sealed class StepTimeModelTests
{
    private static readonly SimulatorProfile s_gptOss = ProfileCatalog.Get("gpt-oss-20b");
    private static readonly SimulatorProfile s_gemma = ProfileCatalog.Get("gemma-3-27b");
    private static readonly SimulatorProfile s_scout = ProfileCatalog.Get("llama-4-scout-4gpu");

    [Fact]
    public void An_empty_batch_takes_no_time()
    {
        var ms = StepTimeModel.DeterministicMs(s_gptOss, 0, 0, 0, 100);

        Assert.Equal(0.0, ms);
    }

    [Fact]
    public void A_small_moe_decode_batch_is_bound_by_streaming_the_touched_experts()
    {
        // B=32 decodes, 3200 context tokens, 32 in flight:
        // φ = 1 − (28/32)^32 = 0.9860610; T_w = 0.91 + 3.79·φ = 4.6471712 > 32·0.030 = 0.96
        // T = 3.2 + 4.6471712 + 3200·18.3e-6 + 32·0.008 + 32·0.0005 = 8.1777280
        var ms = StepTimeModel.DeterministicMs(s_gptOss, 32, 32, 3200, 32);

        Assert.Equal(8.1777280, ms, 6);
    }

    [Fact]
    public void A_full_dense_batch_is_bound_by_compute()
    {
        // 8192 tokens · 0.090 ms = 737.28 > 10.6 ms of weights;
        // T = 8 + 737.28 + 46080·95e-6 + 512·0.024 + 2000·0.0005 = 762.9456
        var ms = StepTimeModel.DeterministicMs(s_gemma, 512, 8192, 512 * 90, 2000);

        Assert.Equal(762.9456, ms, 9);
    }

    [Fact]
    public void A_single_token_touches_top_k_of_n_experts()
    {
        // φ(1) = 1/16 for Scout: 1.0 + (1.7 + 16·0.0625) + 0.0000184·1 + 0.095 + 0.006 = 3.8010184
        var ms = StepTimeModel.DeterministicMs(s_scout, 1, 1, 1, 1);

        Assert.Equal(3.8010184, ms, 9);
    }

    [Theory]
    // expected values printed by Profile.step_time_ms of simulator-reference.py for the same inputs
    [InlineData("gpt-oss-20b", 1, 1, 71, 1, 4.5935493)]
    [InlineData("gpt-oss-20b", 32, 32, 3200, 32, 8.177728017627182)]
    [InlineData("gemma-3-27b", 512, 8192, 46080, 2000, 762.9456)]
    [InlineData("llama-4-scout-4gpu", 512, 600, 51200, 3000, 86.28208000000001)]
    [InlineData("llama-4-scout-4gpu", 16, 40, 1600, 16, 19.134922593682624)]
    public void Matches_the_python_reference_model(string profile, int sequences, int tokens, long context, int inFlight, double expected)
    {
        var ms = StepTimeModel.DeterministicMs(ProfileCatalog.Get(profile), sequences, tokens, context, inFlight);

        Assert.Equal(expected, ms, 9);
    }
}
