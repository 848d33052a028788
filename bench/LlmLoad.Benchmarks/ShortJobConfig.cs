using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LlmLoad.Benchmarks;

/// <summary>
/// A short job run in this process: the machine has 2 cores shared with other work, so each benchmark
/// gets 3 warm-up and 5 measured iterations, and the in-process toolchain skips BenchmarkDotNet's
/// per-benchmark project build (about a minute on 2 cores). Figures are for comparison, not to 1%.
/// </summary>
public sealed class ShortJobConfig : ManualConfig
{
    public ShortJobConfig()
    {
        // the default loggers, columns and exporters (console, Markdown, CSV); only the job differs
        Add(DefaultConfig.Instance);
        AddJob(Job.ShortRun
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("short-inprocess"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
