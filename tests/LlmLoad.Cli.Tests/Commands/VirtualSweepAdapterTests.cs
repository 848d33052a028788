using LlmLoad.Cli.Commands;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Predictions are summarised from per-request timings, so they carry the statistics measurements carry.</summary>
public sealed class VirtualSweepAdapterTests : IDisposable
{
    private static readonly VirtualWorkload s_workload = new() { PromptTokensMin = 10, PromptTokensMax = 50, OutputTokens = 8 };

    private readonly CliHarness _cli = new();

    [Fact]
    public void A_virtual_level_summary_is_its_request_timings_computed_by_hand()
    {
        // given
        var result = VirtualTimeSweep.RunLevel(ProfileCatalog.Get("tiny"), 4, s_workload, VirtualRunOptions.Default, TestContext.Current.CancellationToken);
        var successful = result.Requests.Where(r => r.IsSuccess).ToList();

        // when
        var summary = VirtualSweepAdapter.Summarize(result);

        // then
        Assert.Equal(result.Succeeded, summary.Completed);
        Assert.Equal(result.Failed, summary.Failed);
        Assert.Equal(result.WindowSeconds, summary.DurationSeconds);
        AssertStatistics(successful.Select(r => r.EventAtMs[0] - r.SentAtMs), summary.Ttft, "TTFT");
        AssertStatistics(successful.Select(r => (r.EventAtMs[^1] - r.EventAtMs[0]) / (r.OutputTokens - 1)), summary.Tpot, "TPOT");
        AssertStatistics(successful.SelectMany(r => r.EventAtMs.Skip(1).Zip(r.EventAtMs, (later, earlier) => later - earlier)), summary.Itl, "ITL");
        AssertStatistics(successful.Select(r => r.EventAtMs[^1] - r.SentAtMs), summary.E2el, "E2EL");
    }

    [Fact]
    public void Multi_turn_predictions_have_statistics_by_turn()
    {
        var workload = s_workload with { TurnsPerSession = 3, ThinkTimeMs = 100 };
        var result = VirtualTimeSweep.RunLevel(ProfileCatalog.Get("tiny"), 4, workload, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        var summary = VirtualSweepAdapter.Summarize(result);

        Assert.Equal([1, 2, 3], summary.MultiTurn!.ByTurn.Select(turn => turn.Turn));
        var turn3 = result.Requests.Where(r => r.IsSuccess && r.Turn == 3).Select(r => r.EventAtMs[0] - r.SentAtMs).ToList();
        Assert.Equal(turn3.Average(), summary.MultiTurn.ByTurn[2].Ttft.Mean!.Value, 1e-9);
        Assert.NotNull(summary.MultiTurn.ByTurn[2].Ttft.P99_9);
    }

    [Fact]
    public async Task A_prediction_and_a_measurement_of_one_profile_have_the_same_statistics()
    {
        // given a real run over HTTP against the embedded simulator, and the same load predicted in virtual time
        var directory = _cli.PathOf("real");
        var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", "4", "--num-requests", "24",
            "--input-tokens", "10:50", "--output-tokens", "8", "--output-dir", directory);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var measured = SavedRun.Load(directory).Summary;

        // when
        var predicted = VirtualPrediction.Level(ProfileCatalog.Get("tiny"), 4, s_workload, seed: 1, TestContext.Current.CancellationToken);

        // then every latency the measurement has statistics for, the prediction has the same statistics for
        foreach (var metric in typeof(RunSummary).GetProperties().Where(p => p.PropertyType == typeof(LatencyStats)))
        {
            Assert.Equal(Present((LatencyStats)metric.GetValue(measured)!), Present((LatencyStats)metric.GetValue(predicted)!));
        }
        Assert.Equal(measured.MeanTokensPerChunk is null, predicted.MeanTokensPerChunk is null);
        Assert.Equal(measured.DecodeTokensPerSecondPerRequest is null, predicted.DecodeTokensPerSecondPerRequest is null);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>Mean, population std, min, max and percentiles by linear interpolation between closest ranks (numpy's default).</summary>
    private static void AssertStatistics(IEnumerable<double> samples, LatencyStats stats, string metric)
    {
        var sorted = samples.Order().ToArray();
        Assert.True(sorted.Length > 100, $"{metric}: {sorted.Length} samples");
        var mean = sorted.Average();
        Assert.Equal(sorted.Length, stats.Count);
        Assert.Equal(mean, stats.Mean!.Value, 1e-9);
        Assert.Equal(Math.Sqrt(sorted.Average(x => (x - mean) * (x - mean))), stats.Std!.Value, 1e-9);
        Assert.Equal(sorted[0], stats.Min);
        Assert.Equal(sorted[^1], stats.Max);
        foreach (var (percent, value) in new[] { (50.0, stats.P50), (99.0, stats.P99), (99.9, stats.P99_9) })
        {
            var rank = percent / 100 * (sorted.Length - 1);
            var lower = (int)rank;
            var expected = sorted[lower] + (rank - lower) * (sorted[Math.Min(lower + 1, sorted.Length - 1)] - sorted[lower]);
            Assert.Equal(expected, value!.Value, 1e-9);
        }
    }

    /// <summary>The names of the statistics that have a value.</summary>
    private static string[] Present(LatencyStats stats) =>
        [.. typeof(LatencyStats).GetProperties().Where(p => p.PropertyType == typeof(double?) && p.GetValue(stats) is not null).Select(p => p.Name)];
}
