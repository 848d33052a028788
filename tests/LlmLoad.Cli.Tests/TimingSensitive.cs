namespace LlmLoad.Cli.Tests;

/// <summary>
/// Tests that compare measured latencies with a server's pacing run alone, after the parallel tests, so that other
/// tests' processes on a 2-core machine do not show up as latency (and theirs do not wait on these tests' CPU).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
