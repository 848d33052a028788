using LlmLoad.Cli.Console;
using LlmLoad.Core.Running;

namespace LlmLoad.Cli.Tests.Console;

public sealed class ProgressReporterTests
{
    [Fact]
    public void A_progress_line_shows_done_rate_errors_in_flight_and_eta()
    {
        // given 100 requests, 40 sent, 30 finished (2 failed) after 10 s
        var progress = new RunProgress { Total = 100 };
        for (var i = 0; i < 40; i++)
        {
            progress.OnSent();
        }
        for (var i = 0; i < 30; i++)
        {
            progress.OnFinished(success: i >= 2, outputTokens: 100);
        }

        // when
        var line = ProgressReporter.Format(progress, TimeSpan.FromSeconds(10));

        // then: 3 req/s, so the 70 left take about 23 s
        Assert.Equal("[  10.0s] 30/100 done  3.0 req/s  2 errors  10 in flight  3000 output tokens  ETA 23s", line);
    }

    [Fact]
    public void A_duration_bounded_run_counts_down_its_duration()
    {
        // given
        var progress = new RunProgress { Duration = TimeSpan.FromSeconds(60) };

        // when
        var line = ProgressReporter.Format(progress, TimeSpan.FromSeconds(15));

        // then
        Assert.EndsWith("0/? done  0.0 req/s  0 errors  0 in flight  0 output tokens  ETA 45s", line);
    }
}
