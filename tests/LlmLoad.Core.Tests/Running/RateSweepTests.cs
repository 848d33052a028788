using LlmLoad.Core.Reporting;
using LlmLoad.Core.Load;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Support;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A rate sweep (open loop) against a server of known capacity reads the same saturation throughput as a
/// concurrency sweep (closed loop) of it (issue 16, "Rate sweeps and ramps").
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RateSweepTests : IDisposable
{
    // 8 full-speed streams, a token every 20 ms each, 10-token answers: 400 tok/s, 40 req/s once 8 or more are in flight;
    // 200 ms requests, so timer overshoot on a loaded machine stays small against a token's time
    private const int SharingPoint = 8;
    private const double TokenMs = 20;
    private const int Length = 10;
    private const double CapacityRequestsPerSecond = SharingPoint * 1000 / TokenMs / Length;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-rates-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_rate_sweep_finds_the_saturation_throughput_of_the_concurrency_sweep()
    {
        // given a server of known capacity
        await using var server = await CapacityServer.StartAsync(sharedBeyond: SharingPoint, rejectBeyond: int.MaxValue, TokenMs, [Length]);

        // when a concurrency sweep and a rate sweep ramp past it
        var byConcurrency = await SweepAsync(server.BaseUrl, "concurrency", ConcurrencyPlan.Parse("8,16"), null, requests: 200);
        var byRate = await SweepAsync(server.BaseUrl, "rate", ConcurrencyPlan.Parse("1"), RatePlan.TryParse("30,60", out var rates, out _) ? rates : null, requests: 200);

        // then both peaks read the capacity, and each other within 5%
        var closedPeak = byConcurrency.Document.Analysis.Peak!.RequestThroughput;
        var openPeak = byRate.Document.Analysis.Peak!.RequestThroughput;
        Assert.InRange(closedPeak / CapacityRequestsPerSecond, 0.93, 1.07);
        Assert.InRange(openPeak / CapacityRequestsPerSecond, 0.93, 1.07);
        Assert.InRange(openPeak / closedPeak, 0.95, 1.05);
        // below capacity an open loop achieves what it offers
        var offeredBelow = byRate.Document.Levels[0];
        Assert.Equal(LoadPoint.Rate(30), offeredBelow.Load);
        Assert.InRange(offeredBelow.RequestThroughput!.Mean / 30, 0.9, 1.1);
        Assert.Equal(LoadPoint.Rate(60), byRate.Document.Analysis.Peak.Load);
        Assert.Contains("r=60/s", byRate.Document.Analysis.Reading);
        var json = File.ReadAllText(Path.Combine(_outputDir, "rate", "sweep.json"));
        Assert.Contains("\"rate_plan\": \"30,60\"", json);
        Assert.DoesNotContain("\"concurrency_reached\"", json);
        Assert.StartsWith("request_rate,", File.ReadAllText(Path.Combine(_outputDir, "rate", "sweep.csv")));
        Assert.Contains("Offered request rate (req/s)", File.ReadAllText(Path.Combine(_outputDir, "rate", "charts", "output-throughput.svg")));
        Assert.True(File.Exists(Path.Combine(_outputDir, "rate", "rate60", "summary.json")));
        using var saved = File.OpenRead(Path.Combine(_outputDir, "rate", "sweep.json"));
        var read = SweepJsonReader.Read(saved);
        Assert.Equal([LoadPoint.Rate(30), LoadPoint.Rate(60)], read.Levels.Select(l => l.Load));
        Assert.Equal(LoadPoint.Rate(60), read.Analysis.Peak!.Load);
    }

    private async Task<SweepResult> SweepAsync(Uri baseUrl, string name, ConcurrencyPlan plan, RatePlan? rates, int requests)
    {
        var options = new SweepOptions
        {
            Template = new RunOptions
            {
                Endpoint = new EndpointOptions { BaseUrl = baseUrl },
                Workload = new WorkloadOptions { InputTokens = "fixed:4", OutputTokens = Length.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                // constant arrivals: the schedule itself adds no noise to a short level; no in-flight cap
                Load = new LoadOptions { Arrival = new ArrivalProcess(ArrivalKind.Constant), Concurrency = rates is null ? 32 : null },
                OutputDirectory = Path.Combine(_outputDir, name),
            },
            Plan = plan,
            Rates = rates,
            RequestsPerLevel = requests,
        };
        Assert.Empty(options.Validate());
        return await new SweepRunner(TimeProvider.System).RunAsync(options, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
