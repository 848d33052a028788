using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Engine;

/// <summary>Small noise-free profiles whose schedules can be worked out by hand.</summary>
internal static class EngineTestProfiles
{
    /// <summary>4 sequences, 64-token budget, 4-token blocks, 1024-token KV, no noise, no watermark.</summary>
    public static SimulatorProfile Small { get; } = new()
    {
        Name = "engine-test",
        MaxNumSeqs = 4,
        MaxNumBatchedTokens = 64,
        BlockSize = 4,
        KvCapacityTokens = 1024,
        Watermark = 0,
        MaxModelLen = 512,
        T0Ms = 1,
        WDenseMs = 1,
        TauCUs = 10,
        TauKvUsPerKtok = 0,
        TauSeqUs = 100,
        StepCv = 0,
        HiccupProb = 0,
    };
}
