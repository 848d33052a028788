using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Study;

public sealed class StudyReportWriterTests
{
    private static StudyResults Results(StudyDocument document) => new(
        document,
        [
            new ModelSweep(document.Targets[0].Label, SweepData.GptOssLike, document.Targets[0].Analysis),
            new ModelSweep(document.Targets[1].Label, SweepData.LlamaLike, document.Targets[1].Analysis),
        ],
        StudyResults.BaselinesOf(document));

    private static string Tables(StudyResults results)
    {
        var writer = new StringWriter();
        StudyReportWriter.WriteTables(writer, results);
        return writer.ToString();
    }

    [Fact]
    public void Tables_md_has_the_throughput_and_latency_tables_over_the_baselines_then_the_verdicts_and_each_reading()
    {
        // given
        var results = Results(StudyJsonTests.Document);

        // when
        string tables = Tables(results);

        // then
        string[] lines = tables.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        Assert.Equal("# llmload study: radiant-study", lines[0]);
        Assert.Contains("Quick run: request counts scaled by 0.1 (at least one request per user and 20 per level).", lines);
        Assert.Contains("## Baseline at max concurrency 32", lines);
        Assert.Contains("| gpt               |      33.80 |     1014.00 |      3380.00 |            121.95 |", lines);
        Assert.Contains(lines, line => line.StartsWith("| llama (simulated) |      14.10 |", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("| gpt               |     136.00 |      1200 |", StringComparison.Ordinal));
        Assert.Contains("- **gpt**: " + results.Models[0].Analysis!.Reading, lines);
        Assert.Contains("- **remote**: no results (http://10.0.0.9:8000/v1/models: connection refused)", lines);
        Assert.True(Array.IndexOf(lines, "**Throughput**") < Array.IndexOf(lines, "**Latency**"));
        Assert.True(Array.IndexOf(lines, "**Latency**") < Array.IndexOf(lines, "**Verdicts**"));
    }

    [Fact]
    public void A_full_run_says_nothing_about_scaling_and_tables_md_has_no_clock_time()
    {
        // given
        var full = StudyJsonTests.Document with { RequestsScale = 1, StartedAt = DateTimeOffset.UnixEpoch };
        var later = full with { StartedAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        // when
        string first = Tables(Results(full));
        string second = Tables(Results(later));

        // then
        Assert.DoesNotContain("Quick run", first);
        Assert.Equal(first, second);
    }
}
