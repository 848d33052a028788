using LlmLoad.Core.Reporting;
using LlmLoad.Core.Reporting.Plots;
using SkiaSharp;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Html;

/// <summary>
/// One run's report.html in a real browser (headless chromium), as <see cref="ReportInBrowserTests"/> checks the
/// sweep's: it loads without console errors, the DOM holds every chart written to charts/, and the screenshot shows them.
/// </summary>
public sealed class RunReportInBrowserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llmload-run-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_run_report_loads_without_console_errors_and_shows_its_charts()
    {
        RunReportWriter.Write(_directory, RunData.Input(), RunData.Records);
        string screenshot = Path.Combine(_directory, "report.png");

        string log = await HeadlessChromium.ScreenshotAsync(Path.Combine(_directory, "report.html"), screenshot, 1280, 4000);

        Assert.Empty(HeadlessChromium.ConsoleLines(log));
        using SKBitmap bitmap = SKBitmap.Decode(screenshot);
        SKColor ink = SKColor.Parse(ModelPalette.HexColor(0));
        Assert.True(ReportInBrowserTests.CountNear(bitmap, ink) > 2000, $"the charts' colour {ink} hardly appears");
    }

    [Fact]
    public async Task The_loaded_dom_has_every_section_and_every_chart_of_the_run()
    {
        IReadOnlyList<ChartFile> files = RunReportWriter.Write(_directory, RunData.Input(), RunData.Records);

        string dom = await HeadlessChromium.DumpDomAsync(Path.Combine(_directory, "report.html"));

        Assert.Equal(files.Count, ReportInBrowserTests.CountOf(dom, "<svg "));
        Assert.All(files, f => Assert.Contains($"<figure id=\"chart-{f.Name}\">", dom, StringComparison.Ordinal));
        foreach (string id in new[] { "summary", "latency", "goodput", "distributions", "over-time", "client-health", "errors", "configuration" })
        {
            Assert.Contains($"<section id=\"{id}\">", dom, StringComparison.Ordinal);
        }
        Assert.Contains("TTFT p50 and p99 per second", dom, StringComparison.Ordinal);
    }
}
