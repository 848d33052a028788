using System.Text;
using System.Text.Json.Nodes;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Reporting;
using LlmLoad.Core.Tests.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Study;

public sealed class StudyJsonTests
{
    private static readonly DateTimeOffset StartedAt = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>Two targets that ran (one measured, one predicted) and one whose endpoint was unusable.</summary>
    internal static StudyDocument Document { get; } = new(
        "1.2.3",
        StartedAt,
        "radiant-study",
        32,
        0.1,
        new JsonObject { ["study"] = "radiant-study" },
        [
            new StudyTargetResult("gpt", "openai/gpt-oss-20b", StudyTargetMode.Measured, "gpt/baseline", "gpt/sweep",
                SweepData.Summary(33.8, meanTpotMs: 8.2, p99TtftMs: 240), SweepAnalyzer.Analyze(SweepData.GptOssLike)),
            new StudyTargetResult("llama", "llama-4-scout-4gpu (simulated)", StudyTargetMode.Simulated, "llama/baseline", "llama/sweep",
                SweepData.Summary(14.1), SweepAnalyzer.Analyze(SweepData.LlamaLike)),
            new StudyTargetResult("remote", null, StudyTargetMode.Measured, "remote/baseline", "remote/sweep", null, null,
                "http://10.0.0.9:8000/v1/models: connection refused"),
        ]);

    private static string Render(StudyDocument document)
    {
        using var stream = new MemoryStream();
        StudyJsonWriter.Write(stream, document);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static StudyDocument Load(string json) => StudyJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_study_reads_back_as_written()
    {
        // given
        string json = Render(Document);

        // when
        StudyDocument read = Load(json);

        // then
        Assert.Equal(("1.2.3", StartedAt, "radiant-study", 32, 0.1), (read.ToolVersion, read.StartedAt, read.Name, read.BaselineConcurrency, read.RequestsScale));
        Assert.Equal(["gpt", "llama", "remote"], read.Targets.Select(t => t.Name));
        Assert.Equal([StudyTargetMode.Measured, StudyTargetMode.Simulated, StudyTargetMode.Measured], read.Targets.Select(t => t.Mode));
        Assert.Equal(Document.Targets[0].Baseline!.RequestsPerSecond!.Value, read.Targets[0].Baseline!.RequestsPerSecond!.Value, 9);
        Assert.Equal(Document.Targets[0].Analysis!.Reading, read.Targets[0].Analysis!.Reading);
        Assert.Equal(1600, read.Targets[0].Analysis!.Breakpoint.Load);
        Assert.Equal("llama/sweep", read.Targets[1].SweepDirectory);
        Assert.Null(read.Targets[2].Baseline);
        Assert.Null(read.Targets[2].Analysis);
        Assert.Equal("http://10.0.0.9:8000/v1/models: connection refused", read.Targets[2].Error);
        Assert.Equal(json, Render(read));
    }

    [Fact]
    public void Study_json_is_the_same_under_a_comma_decimal_culture()
    {
        // given
        string invariant = Render(Document);

        // when
        string comma = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => Render(Document));

        // then
        Assert.Equal(invariant, comma);
        Assert.Contains("\"requests_scale\": 0.1,", comma);
    }

    [Fact]
    public void A_sweep_json_is_refused_with_a_one_line_message()
    {
        // given
        string sweepJson = """{ "levels": [], "analysis": {} }""";

        // when
        var error = Assert.Throws<FormatException>(() => Load(sweepJson));

        // then
        Assert.Equal("study.json needs a \"targets\" array; is this a sweep.json or summary.json?", error.Message);
    }
}
