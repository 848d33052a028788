using System.Text;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Metrics;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class MultiTurnReportingTests
{
    /// <summary>Two sessions of three turns whose TTFT stays near 100 ms while the prompt grows; b's last turn fails.</summary>
    private static RunSummary MultiTurnRun()
    {
        RequestRecord[] records =
        [
            Records.Ok(0, [100, 110, 120], 3, promptTokens: 100) with { SessionId = "a", Turn = 1 },
            Records.Ok(1000, [1090, 1100], 2, promptTokens: 300) with { SessionId = "a", Turn = 2 },
            Records.Ok(2000, [2110, 2120], 2, promptTokens: 500) with { SessionId = "a", Turn = 3 },
            Records.Ok(0, [120, 130], 2, promptTokens: 100) with { SessionId = "b", Turn = 1 },
            Records.Ok(1500, [1600, 1610], 2, promptTokens: 300) with { SessionId = "b", Turn = 2 },
            Records.Failed(3000, 3050) with { SessionId = "b", Turn = 3, PromptTokens = 500 },
        ];
        return RunSummarizer.Summarize(records, SummaryOptions.Default);
    }

    private static (string Json, RunSummary Loaded) RoundTrip(RunSummary summary)
    {
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, summary, null, "0.1.0-test", DateTimeOffset.UnixEpoch);
        string json = Encoding.UTF8.GetString(stream.ToArray());
        return (json, SummaryJsonReader.Read(JsonNode.Parse(json)!.AsObject()));
    }

    [Fact]
    public void Summary_json_holds_the_by_turn_and_sessions_blocks_and_reads_them_back()
    {
        // given
        RunSummary summary = MultiTurnRun();

        // when
        (string json, RunSummary loaded) = RoundTrip(summary);

        // then
        var root = JsonNode.Parse(json)!.AsObject();
        var turns = root["by_turn"]!.AsArray();
        Assert.Equal(3, turns.Count);
        Assert.Equal(3, (int)turns[2]!["turn"]!);
        Assert.Equal(2, (int)turns[2]!["requests"]!);
        Assert.Equal(1, (int)turns[2]!["completed"]!);
        Assert.Equal(500, (double)turns[2]!["mean_input_tokens"]!);
        Assert.Equal(110, (double)turns[2]!["mean_ttft_ms"]!);
        Assert.Equal(1, (int)root["sessions"]!["ended_by_failure"]!);
        Assert.Equal(2.5, (double)root["sessions"]!["mean_turns_completed"]!);
        Assert.Equal(summary.MultiTurn!.ByTurn.Select(t => (t.Turn, t.Requests, t.Completed, t.MeanInputTokens, t.Ttft.Mean, t.Ttft.P50, t.Ttft.P99, t.Tpot.Mean)),
            loaded.MultiTurn!.ByTurn.Select(t => (t.Turn, t.Requests, t.Completed, t.MeanInputTokens, t.Ttft.Mean, t.Ttft.P50, t.Ttft.P99, t.Tpot.Mean)));
        var (written, read) = (summary.MultiTurn.Sessions, loaded.MultiTurn.Sessions);
        Assert.Equal((written.Sessions, written.EndedByFailure, written.Interrupted, written.MeanTurnsCompleted),
            (read.Sessions, read.EndedByFailure, read.Interrupted, read.MeanTurnsCompleted));
        Assert.Equal((written.DurationMs.Mean, written.DurationMs.P99, written.TimeToLastTokenMs.P50),
            (read.DurationMs.Mean, read.DurationMs.P99, read.TimeToLastTokenMs.P50));
    }

    [Fact]
    public void A_single_turn_summary_json_has_no_session_blocks()
    {
        // given
        RunSummary summary = RunSummarizer.Summarize([Records.Ok(0, [100, 110], 2)], SummaryOptions.Default);

        // when
        (string json, RunSummary loaded) = RoundTrip(summary);

        // then
        Assert.DoesNotContain("by_turn", json);
        Assert.DoesNotContain("\"sessions\"", json);
        Assert.Null(loaded.MultiTurn);
    }

    [Fact]
    public void The_turn_table_has_a_row_per_turn_and_the_sessions_in_its_caption()
    {
        // given
        RunSummary summary = MultiTurnRun();

        // when
        ReportTable table = TurnTable.From(summary)!;

        // then
        Assert.Equal(["1", "2", "3"], table.Rows.Select(r => r.Label));
        Assert.Equal(["2", "100.0", "110.00", "110.00", "119.80", "10.00"], table.Rows[0].Cells.Select(c => c.Text));
        Assert.Equal(["2", "500.0", "110.00", "110.00", "110.00", "10.00"], table.Rows[2].Cells.Select(c => c.Text));
        Assert.Equal("2 sessions, 2.50 turns completed on average, 1 ended by a failed turn, 0 interrupted; session duration mean 2585 ms, p99 3041 ms.", table.Caption);
        Assert.Null(TurnTable.From(RunSummarizer.Summarize([], SummaryOptions.Default)));
    }

    [Fact]
    public void A_multi_turn_sweep_gets_a_ttft_by_turn_chart_with_a_line_per_level()
    {
        // given a sweep of two multi-turn levels
        RunSummary run = MultiTurnRun();
        var sweep = new ModelSweep("chat-model", [new SweepLevel(8, run), new SweepLevel(16, run)], null);

        // when
        IReadOnlyList<RenderedChart> charts = SweepCharts.RenderSvg([sweep]);

        // then
        RenderedChart byTurn = Assert.Single(charts, c => c.Name == "ttft-by-turn-chat-model");
        Assert.Contains("c=8", byTurn.Svg);
        Assert.Contains("c=16", byTurn.Svg);
        Assert.Contains("Turn", byTurn.Svg);
    }

    [Fact]
    public void The_html_report_of_a_multi_turn_sweep_shows_the_by_turn_chart()
    {
        // given
        ModelSweep[] models = [new ModelSweep("chat-model", [new SweepLevel(8, MultiTurnRun())], null)];
        var input = new LlmLoad.Core.Reporting.Html.ReportInput
        {
            Title = "llmload sweep: chat-model",
            Models = models,
            Charts = SweepCharts.RenderSvg(models),
            ToolVersion = "0.1.0-test",
            StartedAt = DateTimeOffset.UnixEpoch,
        };

        // when
        string html = Html.HtmlReportTests.Render(input);

        // then
        Assert.Contains("Mean TTFT by turn at each level: chat-model", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public void A_single_turn_sweep_has_no_by_turn_chart()
    {
        // given
        RunSummary run = RunSummarizer.Summarize([Records.Ok(0, [100, 110], 2)], SummaryOptions.Default);

        // when
        IReadOnlyList<RenderedChart> charts = SweepCharts.RenderSvg([new ModelSweep("m", [new SweepLevel(8, run)], null)]);

        // then
        Assert.DoesNotContain(charts, c => c.Name.StartsWith("ttft-by-turn", StringComparison.Ordinal));
    }
}
