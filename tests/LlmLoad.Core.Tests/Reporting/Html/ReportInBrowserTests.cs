using LlmLoad.Core.Reporting.Html;
using LlmLoad.Core.Reporting.Plots;
using SkiaSharp;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Html;

/// <summary>
/// report.html in a real browser (headless chromium): it loads without console errors, its DOM
/// has the sections and the charts, and a screenshot shows the charts in their colours.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llmload-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteReport()
    {
        string path = Path.Combine(_directory, HtmlReport.FileName);
        File.WriteAllText(path, HtmlReportTests.Render(HtmlReportTests.StudyInput()));
        return path;
    }

    [Fact]
    public async Task The_report_loads_without_console_errors_and_the_screenshot_shows_the_charts()
    {
        string report = WriteReport();
        string screenshot = Path.Combine(_directory, "report.png");

        string log = await HeadlessChromium.ScreenshotAsync(report, screenshot, 1280, 2000);

        Assert.Empty(HeadlessChromium.ConsoleLines(log));
        using SKBitmap bitmap = SKBitmap.Decode(screenshot);
        Assert.Equal((1280, 2000), (bitmap.Width, bitmap.Height));
        // the first screen holds the summary, the tables and the first charts: each model's colour must show
        for (int model = 0; model < 3; model++)
        {
            SKColor color = SKColor.Parse(ModelPalette.HexColor(model));
            Assert.True(CountNear(bitmap, color) > 500, $"model {model}'s colour {color} hardly appears");
        }
        Assert.True(NonWhiteFraction(bitmap) > 0.05, "the screenshot is nearly blank");
    }

    [Fact]
    public async Task The_loaded_dom_has_every_section_and_every_chart()
    {
        string report = WriteReport();

        string dom = await HeadlessChromium.DumpDomAsync(report);

        Assert.Equal(HtmlReportTests.StudyInput().Charts.Count, CountOf(dom, "<svg "));
        foreach (string id in new[] { "summary", "baseline", "charts", "levels", "evidence", "errors", "configuration" })
        {
            Assert.Contains($"<section id=\"{id}\">", dom, StringComparison.Ordinal);
        }
        Assert.Contains("Output token throughput (tok/s)", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_check_sees_a_page_that_throws()
    {
        // proves the check above can fail: the same run on a broken page reports its error
        string page = Path.Combine(_directory, "broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><p>x</p><script>throw new Error('broken page')</script></body></html>");

        string log = await HeadlessChromium.ScreenshotAsync(page, Path.Combine(_directory, "broken.png"), 400, 300);

        Assert.Contains(HeadlessChromium.ConsoleLines(log), l => l.Contains("broken page", StringComparison.Ordinal));
    }

    internal static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>Pixels near <paramref name="color"/>: how much of a chart colour a screenshot shows.</summary>
    internal static int CountNear(SKBitmap bitmap, SKColor color)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor p = bitmap.GetPixel(x, y);
                count += Math.Abs(p.Red - color.Red) + Math.Abs(p.Green - color.Green) + Math.Abs(p.Blue - color.Blue) < 40 ? 1 : 0;
            }
        }
        return count;
    }

    private static double NonWhiteFraction(SKBitmap bitmap)
    {
        int nonWhite = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                SKColor p = bitmap.GetPixel(x, y);
                nonWhite += p.Red + p.Green + p.Blue < 740 ? 1 : 0;
            }
        }
        return nonWhite / (bitmap.Width * bitmap.Height / 4.0);
    }
}
