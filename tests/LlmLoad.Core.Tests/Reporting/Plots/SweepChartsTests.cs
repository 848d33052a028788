using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Sweep;
using SkiaSharp;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Plots;

public sealed class SweepChartsTests : IDisposable
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmload-charts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string[] Texts(string svg) => [.. XDocument.Parse(svg).Descendants(s_svg + "text").Select(t => t.Value.Trim())];

    [Fact]
    public void A_study_writes_a_png_and_an_svg_per_chart_with_one_request_chart_per_model()
    {
        IReadOnlyList<ModelSweep> models = StudyData.Models;

        IReadOnlyList<ChartFile> files = SweepCharts.Render(models, _directory);

        Assert.Equal(
            ["output-throughput", "request-throughput-gpt-oss-20b", "request-throughput-gemma-3-27b",
             "request-throughput-llama-4-scout-17b-16e-instruct", "ttft", "tpot", "success-rate"],
            files.Select(f => f.Name));
        Assert.All(files, f => Assert.True(File.Exists(f.PngPath) && File.Exists(f.SvgPath), f.Name));
        Assert.All(files, f => Assert.Equal(_directory, Path.GetDirectoryName(f.PngPath)));
    }

    [Fact]
    public void Every_png_is_a_decodable_image_of_the_asked_size_with_real_content()
    {
        var options = new ChartOptions { WidthPixels = 640, HeightPixels = 360 };

        IReadOnlyList<ChartFile> files = SweepCharts.Render(StudyData.Models, _directory, options);

        Assert.All(files, file =>
        {
            byte[] bytes = File.ReadAllBytes(file.PngPath);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            using SKBitmap bitmap = SKBitmap.Decode(bytes);
            Assert.Equal((640, 360), (bitmap.Width, bitmap.Height));
            Assert.True(DistinctColors(bitmap) > 20, $"{file.Name} looks blank");
        });
    }

    [Fact]
    public void Text_is_drawn_in_the_png_with_the_bundled_font()
    {
        // the title band above the data area holds nothing but the title text
        IReadOnlyList<ChartFile> files = SweepCharts.Render(StudyData.Models, _directory);

        using SKBitmap bitmap = SKBitmap.Decode(files[0].PngPath);
        int dark = 0;
        for (int y = 0; y < 30; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                dark += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
            }
        }
        Assert.True(dark > 100, $"only {dark} dark pixels in the title band");
        // ScottPlot caches typefaces, so this one is not disposed here
        SKTypeface typeface = ScottPlot.Fonts.GetTypeface(ChartFonts.FamilyName, bold: false, italic: false);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
    }

    [Fact]
    public void Every_svg_is_well_formed_and_carries_its_title_and_axis_labels_with_units()
    {
        IReadOnlyList<RenderedChart> charts = SweepCharts.RenderSvg(StudyData.Models);

        Assert.All(charts, chart => Assert.Equal(s_svg + "svg", XDocument.Parse(chart.Svg).Root!.Name));
        string[] output = Texts(charts[0].Svg);
        Assert.Contains("Output token throughput vs max concurrency", output);
        Assert.Contains("Output token throughput (tok/s)", output);
        Assert.Contains("Max concurrency (requests in flight, log scale)", output);
        Assert.Contains("Llama 4 Scout 17B-16E Instruct", output);
        Assert.Contains("Request throughput (req/s)", Texts(charts[1].Svg));
        Assert.Contains("TTFT (ms)", Texts(charts[4].Svg));
        Assert.Contains("GPT-OSS-20B p50", Texts(charts[4].Svg));
        Assert.Contains("TPOT (ms)", Texts(charts[5].Svg));
        Assert.Contains("Success rate (%)", Texts(charts[6].Svg));
    }

    [Fact]
    public void Each_model_keeps_its_colour_on_every_chart()
    {
        IReadOnlyList<RenderedChart> charts = SweepCharts.RenderSvg(StudyData.Models);

        string gemma = ModelPalette.HexColor(1);
        Assert.Contains($"stroke=\"{gemma}\"", charts[0].Svg, StringComparison.Ordinal);
        Assert.Contains($"stroke=\"{gemma}\"", charts[2].Svg, StringComparison.Ordinal);
        Assert.DoesNotContain($"stroke=\"{gemma}\"", charts[1].Svg, StringComparison.Ordinal); // GPT's own chart
        Assert.Contains($"stroke=\"{gemma}\"", charts[6].Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_axis_labels_powers_of_two_and_the_linear_axis_round_numbers()
    {
        IReadOnlyList<ModelSweep> models = [new("m", SweepData.GptOssLike)];

        string[] log = Texts(SweepCharts.RenderSvg(models)[0].Svg);
        string[] linear = Texts(SweepCharts.RenderSvg(models, new ChartOptions { LogConcurrencyAxis = false })[0].Svg);

        Assert.Subset(log.ToHashSet(), new HashSet<string> { "16", "32", "64", "128", "256", "512", "1024", "2000" });
        Assert.Contains("Max concurrency (requests in flight)", linear);
        Assert.Contains("1000", linear);
        Assert.DoesNotContain("32", linear);
    }

    [Fact]
    public void The_request_chart_marks_knee_and_breakpoint()
    {
        string[] texts = Texts(SweepCharts.RenderSvg(StudyData.Models)[1].Svg);

        Assert.Contains("knee c=800", texts);
        Assert.Contains("breakpoint c=1600", texts);
        Assert.Contains("plateau", texts);
    }

    [Fact]
    public void Tick_labels_stay_invariant_under_a_comma_decimal_culture()
    {
        // TPOT ticks of a small range have decimals
        IReadOnlyList<ModelSweep> models = [new("m", [SweepData.Level(1, 1, meanTpotMs: 0.2), SweepData.Level(2, 1, meanTpotMs: 0.7)])];

        string svg = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => SweepCharts.RenderSvg(models)[3].Svg);

        string[] texts = Texts(svg);
        Assert.Contains(texts, t => Regex.IsMatch(t, @"^\d+\.\d+$"));
        Assert.DoesNotContain(texts, t => Regex.IsMatch(t, @"\d,\d"));
    }

    [Fact]
    public void No_models_still_give_well_formed_empty_charts()
    {
        IReadOnlyList<RenderedChart> charts = SweepCharts.RenderSvg([]);

        Assert.Equal(["output-throughput", "ttft", "tpot", "success-rate"], charts.Select(c => c.Name));
        Assert.All(charts, c => XDocument.Parse(c.Svg));
    }

    [Fact]
    public void Model_labels_become_distinct_file_names()
    {
        string[] slugs = SweepChartSpecs.UniqueSlugs(["GPT OSS/20B", "gpt-oss 20b", "???", "Llama 4 (Scout)"]);

        Assert.Equal(["gpt-oss-20b", "gpt-oss-20b-2", "model", "llama-4-scout"], slugs);
    }

    [Fact]
    public void Invalid_chart_options_are_refused()
    {
        var options = new ChartOptions { WidthPixels = 10, HeightPixels = 0 };

        Assert.Equal(2, options.Validate().Count);
        Assert.Throws<ArgumentException>(() => SweepCharts.RenderSvg(StudyData.Models, options));
    }

    private static int DistinctColors(SKBitmap bitmap)
    {
        var colors = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                colors.Add((uint)bitmap.GetPixel(x, y));
            }
        }
        return colors.Count;
    }

    [Fact]
    public void With_per_request_slos_a_goodput_chart_and_an_attainment_chart_follow_with_their_verdicts_marked()
    {
        ModelSweep model = new("m", GoodputSweepData.Rising, SweepAnalyzer.Analyze(GoodputSweepData.Rising));

        IReadOnlyList<ChartSpec> specs = SweepChartSpecs.Build([model], ChartOptions.Default);

        ChartSpec goodput = specs.Single(s => s.Name == "goodput");
        Assert.Equal(["m goodput", "m throughput"], goodput.Series.Select(s => s.Legend));
        Assert.Equal([9.9, 22, 15], goodput.Series[0].Values.Select(v => Math.Round(v, 9)));
        Assert.True(goodput.Series[1].Secondary);
        Assert.Equal([64.0], goodput.Marks.Select(m => m.Concurrency));
        ChartSpec attainment = specs.Single(s => s.Name == "slo-attainment");
        Assert.Equal([99, 91.667, 50], attainment.Series[0].Values.Select(v => Math.Round(v, 3)));
        Assert.Equal([64.0], attainment.Marks.Select(m => m.Concurrency));
    }

    [Fact]
    public void Without_per_request_slos_there_is_no_goodput_chart()
    {
        IReadOnlyList<ChartSpec> specs = SweepChartSpecs.Build(StudyData.Models, ChartOptions.Default);

        Assert.DoesNotContain(specs, s => s.Name is "goodput" or "slo-attainment");
    }
}
