namespace LlmLoad.Core.Tests;

/// <summary>
/// Tests that compare measured latencies with a server's pacing run alone, after the parallel
/// tests, so that other tests' CPU use on a 2-core machine does not show up as latency.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
