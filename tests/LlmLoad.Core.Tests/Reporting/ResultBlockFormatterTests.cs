using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class ResultBlockFormatterTests
{
    private static string Render(RunSummary summary)
    {
        var writer = new StringWriter { NewLine = "\n" };
        ResultBlockFormatter.Write(writer, summary);
        return writer.ToString();
    }

    [Fact]
    public void The_golden_run_renders_as_the_checked_in_block()
    {
        RunSummary summary = GoldenRun.Summary;

        string text = Render(summary);

        GoldenFile.AssertMatches("result-block.txt", text);
    }

    [Fact]
    public void The_block_is_the_same_under_a_comma_decimal_culture()
    {
        RunSummary summary = GoldenRun.Summary;

        string text = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => Render(summary));

        GoldenFile.AssertMatches("result-block.txt", text, mayUpdate: false);
    }

    [Fact]
    public void The_comma_decimal_culture_would_expose_a_culture_leak()
    {
        double value = 1.5;

        string text = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => value.ToString());

        Assert.Equal("1,5", text); // so the re-run above really would differ if a number used the current culture
    }

    [Fact]
    public void An_empty_run_shows_zero_counts_and_not_available_latencies()
    {
        RunSummary empty = RunSummarizer.Summarize([], SummaryOptions.Default);

        string text = Render(empty);

        GoldenFile.AssertMatches("result-block-empty.txt", text);
    }

    [Fact]
    public void Title_rules_and_rows_use_vllms_exact_layout()
    {
        RunSummary summary = GoldenRun.Summary;

        string[] lines = Render(summary).Split('\n');

        Assert.Equal("============ Serving Benchmark Result ============", lines[0]);
        Assert.Contains("---------------Time to First Token----------------", lines);
        Assert.Contains("-----Time per Output Token (excl. 1st token)------", lines);
        Assert.Contains("---------------Inter-token Latency----------------", lines);
        Assert.Contains("----------------End-to-end Latency----------------", lines);
        Assert.Equal("Successful requests:                     6         ", lines[1]);
        Assert.Equal(new string('=', 50), lines[^2]);
    }

    [Fact]
    public void Configuration_lines_appear_only_when_configured()
    {
        RunSummary closedLoop = GoldenRun.Summary with { RequestRate = null, MaxConcurrency = null, Slo = null, GoodRequests = null };

        string text = Render(closedLoop);

        Assert.DoesNotContain("Maximum request concurrency:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Request rate configured (RPS):", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Request goodput (req/s):", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Client-side Queueing", text, StringComparison.Ordinal);
    }
}
