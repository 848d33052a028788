using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Running;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class RunReportWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llmload-run-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_run_gets_a_png_and_an_svg_per_chart_and_a_page_that_inlines_every_chart()
    {
        IReadOnlyList<ChartFile> files = RunReportWriter.Write(_directory, RunData.Input(), RunData.Records);

        Assert.Equal(7, files.Count);
        Assert.All(files, f => Assert.True(File.Exists(f.PngPath) && File.Exists(f.SvgPath), f.Name));
        Assert.All(files, f => Assert.Equal(Path.Combine(_directory, "charts"), Path.GetDirectoryName(f.PngPath)));
        string html = File.ReadAllText(Path.Combine(_directory, "report.html"));
        Assert.All(files, f => Assert.Contains($"<figure id=\"chart-{f.Name}\">", html, StringComparison.Ordinal));
        foreach (string id in new[] { "summary", "latency", "goodput", "distributions", "over-time", "client-health", "errors", "configuration" })
        {
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        }
        Assert.Contains("HTTP 503: overloaded", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_saved_run_reads_back_its_records_client_health_start_and_version()
    {
        // given a run's two files as LevelRunner writes them
        var startedAt = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        // the run filled its cap of 4 in flight, so LevelRunner's pace named the cap; summary.json does not save it
        ClientHealth health = RunData.Health with { Pace = new OpenLoopPace(40, 39.5, 2.25, CapReached: 4), Connections = new(3, 1, TimeSpan.FromSeconds(0.5), 1.5, 2.5) };
        using (FileStream summary = File.Create(Path.Combine(_directory, SavedRun.SummaryFileName)))
        {
            SummaryJsonWriter.Write(summary, RunData.Summary, new() { ["model"] = "llama-8b" }, "0.1.0-test", startedAt, clientHealth: health);
        }
        File.WriteAllLines(Path.Combine(_directory, SavedRun.RecordsFileName), RunData.Records.Select(Line));

        // when
        SavedRun run = SavedRun.Load(_directory);

        // then
        Assert.Equal(health, run.ClientHealth);
        Assert.Equal(startedAt, run.StartedAt);
        Assert.Equal("0.1.0-test", run.ToolVersion);
        Assert.Equal(RunData.Records.Count, run.Records.Count);
    }

    private static string Line(RequestRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RecordJson.Write(writer, record);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
