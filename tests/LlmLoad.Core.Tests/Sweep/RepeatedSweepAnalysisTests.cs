using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;
using Xunit;
using static LlmLoad.Core.Tests.Sweep.SweepData;

namespace LlmLoad.Core.Tests.Sweep;

/// <summary>The sweep analysis over repeats: plateaus from overlapping intervals, knee and breakpoint confidence, unstable levels.</summary>
public sealed class RepeatedSweepAnalysisTests
{
    private static SweepLevel Repeated(int concurrency, params double[] requestsPerSecond) =>
        SweepLevel.FromRepeats(concurrency, [.. requestsPerSecond.Select(r => Summary(r))]);

    [Fact]
    public void The_plateau_is_the_levels_whose_intervals_overlap_the_peaks()
    {
        // c=32: 92-98 overlaps the peak's 96-104; c=16 (48-52) and c=128 (60-64, a collapse) do not
        SweepLevel[] levels =
        [
            Repeated(16, 48, 50, 52), Repeated(32, 93, 95, 97), Repeated(64, 98, 100, 102), Repeated(128, 60, 62, 64),
        ];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal((32, 64), (analysis.Plateau!.FromConcurrency, analysis.Plateau.ToConcurrency));
        Assert.Contains("overlap", analysis.Plateau.Evidence!.Criterion, StringComparison.Ordinal);
        Assert.Equal([false, true, true], analysis.Plateau.Evidence.Observations.Select(o => o.Holds));
    }

    [Fact]
    public void A_knee_whose_interval_straddles_the_threshold_is_within_noise()
    {
        // peak 100 at c=64, threshold 90; c=32 averages 91 but its repeats swing 80-102
        SweepLevel[] noisy = [Repeated(16, 40, 41, 42), Repeated(32, 80, 91, 102), Repeated(64, 99, 100, 101)];
        SweepLevel[] clean = [Repeated(16, 40, 41, 42), Repeated(32, 94, 95, 96), Repeated(64, 99, 100, 101)];

        KneeVerdict noisyKnee = SweepAnalyzer.Analyze(noisy).Knee!;
        KneeVerdict cleanKnee = SweepAnalyzer.Analyze(clean).Knee!;

        Assert.Equal(32, noisyKnee.Concurrency);
        Assert.False(noisyKnee.Confidence!.Certain);
        Assert.Equal("within noise", noisyKnee.Confidence.Label);
        Assert.Contains("reaches below the threshold 90.0 req/s", noisyKnee.Confidence.Evidence, StringComparison.Ordinal);
        Assert.Equal(32, cleanKnee.Concurrency);
        Assert.True(cleanKnee.Confidence!.Certain);
        Assert.Contains("c=16 38.5-43.5 req/s (95% CI, 3 repeats) lies wholly below it", cleanKnee.Confidence.Evidence, StringComparison.Ordinal); // 41 ± t(0.975, 2) x 1 / sqrt 3
    }

    [Fact]
    public void A_level_where_one_repeat_lost_a_batch_is_called_out_as_unstable_not_averaged_away()
    {
        // like the study's c=3250: two clean repeats and one that lost 2000 of its requests
        RunSummary clean = Summary(100), cleanToo = Summary(101), lostBatch = Summary(80, failed: 2000);
        SweepLevel[] levels = [Repeated(16, 50, 51, 52), SweepLevel.FromRepeats(32, [clean, cleanToo, lostBatch])];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        UnstableLevel unstable = Assert.Single(analysis.UnstableLevels);
        Assert.Equal((32, 3), (unstable.Concurrency, unstable.Repeat));
        Assert.Equal(0.8, unstable.RepeatSuccessRate, 9);
        Assert.Equal(1.0, unstable.OthersSuccessRate, 9);
        Assert.Contains("c=32 is unstable: repeat 3 of 3 had a success rate of 80.0%", analysis.Reading, StringComparison.Ordinal);
        // the pooled success rate (93.4%) breaks the level, but only one repeat failed: the breakpoint is within noise
        Assert.Equal(32, analysis.Breakpoint.Concurrency);
        Assert.False(analysis.Breakpoint.Confidence!.Certain);
        Assert.Contains("only some of its repeats failed", analysis.Breakpoint.Confidence.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_breakpoint_every_repeat_agrees_on_is_certain()
    {
        SweepLevel[] levels =
        [
            Repeated(16, 50, 51, 52),
            SweepLevel.FromRepeats(32, [Summary(60, failed: 3000), Summary(61, failed: 3100), Summary(59, failed: 2900)]),
        ];

        BreakpointVerdict breakpoint = SweepAnalyzer.Analyze(levels).Breakpoint;

        Assert.Equal((32, BreakpointCause.SuccessRate), (breakpoint.Concurrency, breakpoint.Cause));
        Assert.True(breakpoint.Confidence!.Certain);
        Assert.Empty(SweepAnalyzer.Analyze(levels).UnstableLevels);
    }

    [Fact]
    public void A_sweep_measured_once_keeps_its_single_run_verdicts_without_confidence()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike);

        Assert.Null(analysis.Knee!.Confidence);
        Assert.Null(analysis.Breakpoint.Confidence);
        Assert.Null(analysis.Plateau!.Evidence);
        Assert.Empty(analysis.UnstableLevels);
        Assert.Equal(analysis.Knee.Concurrency, analysis.Plateau.FromConcurrency); // the plateau still starts at the knee
    }

    [Fact]
    public void Confidence_and_unstable_levels_survive_sweep_json()
    {
        RunSummary clean = Summary(100), cleanToo = Summary(101), lostBatch = Summary(80, failed: 2000);
        SweepLevel[] levels = [Repeated(16, 50, 51, 52), Repeated(24, 90, 96, 99), SweepLevel.FromRepeats(32, [clean, cleanToo, lostBatch])];
        var document = new SweepDocument("test", DateTimeOffset.UnixEpoch, "m", null, levels, SweepAnalyzer.Analyze(levels));
        using var stream = new MemoryStream();

        SweepJsonWriter.Write(stream, document);
        stream.Position = 0;
        SweepAnalysis read = SweepJsonReader.Read(stream).Analysis;

        Assert.Equal(document.Analysis.Knee!.Confidence, read.Knee!.Confidence);
        Assert.Equal(document.Analysis.Breakpoint.Confidence, read.Breakpoint.Confidence);
        Assert.Equal(document.Analysis.UnstableLevels, read.UnstableLevels);
        Assert.Equal(document.Analysis.Plateau!.Evidence!.Finding, read.Plateau!.Evidence!.Finding);
    }
}
