using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Reporting;
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

    [Fact]
    public void Tables_md_splits_a_target_with_a_model_mix_by_model_as_the_report_does()
    {
        // given the first target's baseline and sweep level with every fourth request to an adapter
        RunSummary mixed = RunSummarizer.Summarize([.. RunData.Records.Select(r => r with { Model = r.Index % 4 == 3 ? "sql-lora" : "base" })],
            new SummaryOptions { MaxConcurrency = 4 });
        StudyDocument document = StudyJsonTests.Document with
        {
            Targets = [StudyJsonTests.Document.Targets[0] with { Baseline = mixed }, .. StudyJsonTests.Document.Targets.Skip(1)],
        };
        var results = new StudyResults(document,
        [
            new ModelSweep("gpt", [new SweepLevel(4, mixed)]),
            new ModelSweep(document.Targets[1].Label, SweepData.LlamaLike, document.Targets[1].Analysis),
        ], StudyResults.BaselinesOf(document));

        // when
        string tables = Tables(results);

        // then the report's by-model tables of the mixed target, rendered as Markdown, and none for the other targets
        string baseline = Markdown(ModelTables.ByModel(mixed, "By model: gpt")!);
        string levels = Markdown(ModelTables.Levels("By model: gpt", results.Models[0].Levels)!);
        Assert.Contains(baseline, tables, StringComparison.Ordinal);
        Assert.Contains(levels, tables, StringComparison.Ordinal);
        Assert.Contains("| 4 · sql-lora ", tables, StringComparison.Ordinal);
        Assert.Equal(2, tables.Split("**By model: ").Length - 1);
        Assert.True(tables.IndexOf(baseline, StringComparison.Ordinal) < tables.IndexOf("## Concurrency sweep", StringComparison.Ordinal));
        Assert.True(tables.IndexOf("- **remote**: no results", StringComparison.Ordinal) < tables.IndexOf("## By model", StringComparison.Ordinal));
        Assert.True(tables.IndexOf("## By model", StringComparison.Ordinal) < tables.IndexOf(levels, StringComparison.Ordinal));
    }

    [Fact]
    public void Tables_md_of_targets_of_one_model_has_no_split_by_model()
    {
        string tables = Tables(Results(StudyJsonTests.Document));

        Assert.DoesNotContain("By model", tables, StringComparison.Ordinal);
    }

    private static string Markdown(ReportTable table)
    {
        var writer = new StringWriter();
        MarkdownTableWriter.Write(writer, table);
        return writer.ToString();
    }
}
