using System.Text;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class SweepJsonTests
{
    private static string Render(SweepDocument document)
    {
        using var stream = new MemoryStream();
        SweepJsonWriter.Write(stream, document);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static SweepDocument Load(string json) => SweepJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void The_golden_sweep_writes_the_checked_in_sweep_json()
    {
        SweepDocument document = GoldenSweep.Document;

        string json = Render(document);

        GoldenFile.AssertMatches("sweep.json", json);
    }

    [Fact]
    public void The_sweep_json_is_the_same_under_a_comma_decimal_culture()
    {
        string json = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => Render(GoldenSweep.Document));

        GoldenFile.AssertMatches("sweep.json", json, mayUpdate: false);
    }

    [Fact]
    public void Every_level_carries_its_concurrency_and_every_summary_key_and_repeats_only_when_repeated()
    {
        JsonObject root = JsonNode.Parse(Render(GoldenSweep.Document))!.AsObject();

        JsonArray levels = root["levels"]!.AsArray();

        Assert.Equal([16, 32, 64, 128], levels.Select(l => l!["concurrency"]!.GetValue<int>()));
        Assert.All(levels, level => Assert.All(MetricCatalog.All, m => Assert.True(level!.AsObject().ContainsKey(m.Key), m.Key)));
        Assert.Equal([false, true, false, false], levels.Select(l => l!.AsObject().ContainsKey("repeats")));
        Assert.Equal(3, levels[1]!["repeats"]!.AsArray().Count);
        Assert.Equal(20.0, levels[1]!["throughput_spread"]!["request_throughput"]!["mean"]!.GetValue<double>(), 12);
        Assert.Equal(40, levels[3]!["errors_by_status"]!["http_status 503"]!.GetValue<int>());
    }

    [Fact]
    public void The_analysis_names_each_verdict_with_its_evidence()
    {
        JsonObject analysis = JsonNode.Parse(Render(GoldenSweep.Document))!["analysis"]!.AsObject();

        Assert.Equal(64, analysis["peak"]!["concurrency"]!.GetValue<int>());
        Assert.Equal(24.0, analysis["peak"]!["request_throughput"]!.GetValue<double>());
        Assert.Equal(64, analysis["knee"]!["concurrency"]!.GetValue<int>()); // 90% of 24 = 21.6; c=32 has a mean of 20
        Assert.Equal(128, analysis["breakpoint"]!["concurrency"]!.GetValue<int>());
        Assert.Equal(64, analysis["max_concurrency_within_slo"]!["concurrency"]!.GetValue<int>());
        Assert.Equal(21.0, analysis["max_concurrency_within_slo"]!["goodput"]!.GetValue<double>());
        Assert.NotEmpty(analysis["breakpoint"]!["evidence"]!["observations"]!.AsArray());
        Assert.StartsWith("Request throughput", analysis["reading"]!.GetValue<string>());
    }

    [Fact]
    public void Reading_the_file_back_and_writing_it_again_gives_the_same_text()
    {
        string json = Render(GoldenSweep.Document);

        SweepDocument loaded = Load(json);

        Assert.Equal(json, Render(loaded));
        Assert.Equal("llama-8b", loaded.Model);
        Assert.Equal(GoldenSweep.StartedAt, loaded.StartedAt);
        Assert.Equal(GoldenSweep.Document.Analysis.Reading, loaded.Analysis.Reading);
    }

    [Fact]
    public void Loaded_levels_analyse_to_the_same_reading()
    {
        SweepDocument loaded = Load(Render(GoldenSweep.Document));

        SweepAnalysis again = SweepAnalyzer.Analyze(loaded.Levels, loaded.Analysis.Options);

        Assert.Equal(GoldenSweep.Document.Analysis.Reading, again.Reading);
        Assert.Equal(GoldenSweep.Levels[1].RequestThroughput, loaded.Levels[1].RequestThroughput);
    }

    [Fact]
    public void A_summary_json_is_not_taken_for_a_sweep()
    {
        string json = """{"tool": "llmload", "completed": 3}""";

        FormatException error = Assert.Throws<FormatException>(() => Load(json));

        Assert.Contains("needs a \"levels\" array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => Load("{levels: ["));
    }

    [Fact]
    public void The_goodput_verdicts_and_the_attainment_target_read_back_as_written()
    {
        SweepAnalysisOptions options = SweepAnalysisOptions.Default with { MinSloAttainment = 0.95 };
        var document = new SweepDocument("0.1.0-test", GoldenSweep.StartedAt, "m", new JsonObject(), GoodputSweepData.Rising,
            SweepAnalyzer.Analyze(GoodputSweepData.Rising, options));
        string json = Render(document);

        SweepDocument loaded = Load(json);

        Assert.Equal(json, Render(loaded));
        Assert.Equal(0.95, loaded.Analysis.Options.MinSloAttainment);
        Assert.Equal(16, loaded.Analysis.MaxConcurrencyAtAttainment!.Load); // 99% >= 95%; 91.7% is not
        Assert.Equal(document.Analysis.MaxConcurrencyAtAttainment!.Evidence.Finding, loaded.Analysis.MaxConcurrencyAtAttainment.Evidence.Finding);
        Assert.Equal(64, loaded.Analysis.GoodputPeak!.Load);
        Assert.Equal("ttft<=300ms,tpot<=20ms", loaded.Analysis.GoodputPeak.Slo);
        Assert.Equal(document.Levels[1].SloAttainment, loaded.Levels[1].SloAttainment);
        JsonNode analysis = JsonNode.Parse(json)!["analysis"]!;
        Assert.Equal(22.0, analysis["max_goodput"]!["request_goodput"]!.GetValue<double>(), 9);
        Assert.Equal(16, analysis["max_concurrency_at_attainment"]!["concurrency"]!.GetValue<int>());
    }
}
