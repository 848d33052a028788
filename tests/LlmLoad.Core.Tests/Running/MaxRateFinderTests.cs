using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Support;

namespace LlmLoad.Core.Tests.Running;

/// <summary><c>--find-max-rate</c> against a server whose max rate at an SLO follows by arithmetic (issue 16).</summary>
[Collection(TimingSensitive.Name)]
public sealed class MaxRateFinderTests : IDisposable
{
    // 4 slots of 200 ms: 20 req/s. Steps of 200 ms, large against the 100-250 ms a loaded machine stops this whole process
    // (server and client) at times; and at 20 req/s the process needs half the CPU it needed at 40, which the machine's
    // load (5% of it for this process at load 35) no longer starves: with 100 ms slots a probe at 38.75 req/s, below
    // capacity, answered 200-700 ms late throughout and failed.
    private const int Slots = 4;
    private const double ServiceMs = 200;
    private const int Requests = 40;
    // the wait a request may have and still meet the SLO, so a probe below capacity holds through such a stop
    private const double AllowedWaitMs = 2 * ServiceMs;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-maxrate-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_search_lands_within_its_precision_of_the_max_rate_of_a_server_of_known_capacity()
    {
        // given even arrivals and E2EL <= 600 ms: a request attains while its wait is at most 400 ms. Below 20 req/s
        // nobody waits; above it request i waits i x (1/20 - 1/rate) s, so 90% of 40 requests attain while
        // 1/20 - 1/rate <= 0.4 s / (0.9 x 40): the truth is 1 / (1/20 - 0.4/36) = 25.7 req/s
        const double capacity = Slots * 1000 / ServiceMs;
        double truth = 1 / (1 / capacity - AllowedWaitMs / 1000 / (0.9 * Requests));
        await using var server = await SlotServer.StartAsync(Slots, ServiceMs);
        Assert.True(RequestSlo.TryParse(FormattableString.Invariant($"e2el<={ServiceMs + AllowedWaitMs}ms"), out var slo, out _));
        Assert.True(RatePlan.TryParse("10..40", out var range, out _));
        var options = new SweepOptions
        {
            Template = new RunOptions
            {
                Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
                Workload = new WorkloadOptions { InputTokens = "fixed:4", OutputTokens = "1" },
                Load = new LoadOptions { Arrival = new ArrivalProcess(ArrivalKind.Constant), Concurrency = null },
                OutputDirectory = _outputDir,
                Goodput = slo,
            },
            Plan = ConcurrencyPlan.Parse("1"),
            Rates = range,
            RequestsPerLevel = Requests,
            MaxRateSearch = RatePrecision.Default,
        };
        Assert.Empty(options.Validate());
        var lines = new List<string>();

        // when
        MaxRateResult result;
        using (NoGCRegion.Enter())
        {
            result = await new MaxRateFinder(new SweepRunner(TimeProvider.System), TimeProvider.System)
            {
                ProbeFinished = probe => lines.Add(MaxRateFinder.Line(probe, 0.9)),
            }.RunAsync(options, RatePrecision.Default, TestContext.Current.CancellationToken);
        }

        // then the answer held, the rate above it failed, they are within 5%, and the truth lies within 5% of the answer
        Assert.NotNull(result.MaxRate);
        var (held, failed) = result.Bracket!.Value;
        Assert.Equal(held, result.MaxRate);
        Assert.True(failed - held <= 0.05 * held, $"bracket {held}..{failed}");
        string probes = string.Join(", ", result.Probes.Select(p => $"{p.Rate:0.##}: {p.SloAttainment:P1}"));
        Assert.True(truth >= held * 0.95 && truth <= failed * 1.05, $"truth {truth:0.##} outside {held:0.##}..{failed:0.##} by more than 5% ({probes})");
        Assert.Equal([10, 40], result.Probes.Take(2).Select(p => p.Rate));
        Assert.Equal(result.Probes.Count, lines.Count);
        Assert.StartsWith("r=10/s", lines[0]);
        Assert.EndsWith("holds", lines[0]);
        Assert.EndsWith("fails", lines[1]);
        Assert.Contains("Max rate at >= 90% SLO attainment", result.Finding);
        var json = File.ReadAllText(Path.Combine(_outputDir, MaxRateFinder.FileName));
        Assert.Contains("\"max_request_rate\"", json);
        Assert.Contains("\"probes\"", json);
        Assert.True(File.Exists(Path.Combine(_outputDir, "sweep.json")));
        Assert.True(File.Exists(Path.Combine(_outputDir, "rate10", "summary.json")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
