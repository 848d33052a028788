using LlmLoad.Core.Load;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Support;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// Capacity read against a server whose capacity is known (issue 10, section 2): whatever the number of
/// waves (requests per level / concurrency), the steady figures read it, and the knee sits at the sharing point.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class SteadyCapacityTests : IDisposable
{
    // 4 full-speed streams, a token every 20 ms each: the server makes 4 / 20 ms = 200 tok/s once 4 or more are in
    // flight. Requests last 300 ms on average at full speed, so the client's few ms between a completion and the next
    // send, and a loaded machine's stalls, stay small against a level's steady window
    private const int SharingPoint = 4;
    private const double TokenMs = 20;
    private const double CapacityTokensPerSecond = SharingPoint * 1000 / TokenMs;

    // outputs of mixed length, so users drift apart and the run ends in a drain, as real ones do; a level's
    // request count (waves x 4 or x 8) is a whole number of cycles, so the mean output is exactly 15 tokens
    private static readonly int[] s_lengths = [6, 12, 18, 24];
    private const double MeanLength = 15;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-steady-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task Steady_throughput_reads_the_known_capacity_and_the_knee_sits_at_the_sharing_point_whatever_the_waves(int waves)
    {
        // given a server of known capacity, and levels below, at and twice the sharing point
        await using var server = await CapacityServer.StartAsync(sharedBeyond: SharingPoint, rejectBeyond: int.MaxValue, TokenMs, s_lengths);
        int[] concurrencies = [2, SharingPoint, 2 * SharingPoint];

        // when each level sends waves x concurrency requests
        var levels = new List<SweepLevel>();
        using (NoGCRegion.Enter())
        {
            foreach (var concurrency in concurrencies)
            {
                var options = new RunOptions
                {
                    Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
                    Workload = new WorkloadOptions { InputTokens = "fixed:4", OutputTokens = "24" },
                    Load = new LoadOptions { Concurrency = concurrency, NumRequests = waves * concurrency },
                    OutputDirectory = Path.Combine(_outputDir, $"c{concurrency}"),
                };
                var run = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);
                levels.Add(new SweepLevel(concurrency, run.Summary));
            }
        }
        // c=2 is half the capacity and c=4 all of it but the client's gaps: an 80% knee separates them on a noisy machine
        var analysis = SweepAnalyzer.Analyze(levels, SweepAnalysisOptions.Default with { KneeFraction = 0.8 });

        // then past the sharing point the server's rate does not depend on the client's gaps between requests,
        // so the truth is exact there: 200 tok/s, and 200 / 15 req/s
        var shared = levels[^1].Summary;
        Assert.NotNull(shared.Steady);
        Assert.InRange(shared.Steady.OutputTokensPerSecond / CapacityTokensPerSecond, 0.97, 1.03);
        Assert.InRange(shared.Steady.RequestsPerSecond / (CapacityTokensPerSecond / MeanLength), 0.97, 1.03);
        Assert.True(levels.All(level => level.UsesSteadyWindow));
        Assert.Equal(SharingPoint, analysis.Knee!.Load);
        Assert.Contains("steady window", analysis.Reading);
        Assert.Equal("steady_request_throughput", analysis.Knee.Evidence.Observations[0].Metric);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
