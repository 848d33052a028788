using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Issue 12: a sweep or a run with <c>--model a:3,b:1</c> is split by model in sweep.json, the console and report.html, and <c>report</c> redraws the same.</summary>
public sealed class ModelMixReportTests : IDisposable
{
    private readonly CliHarness _cli = new();

    /// <summary>The page's by-model section, or null when it has none.</summary>
    private static string? ByModelSection(string directory)
    {
        var match = Regex.Match(File.ReadAllText(Path.Combine(directory, "report.html")), "<section id=\"by-model\">.*?</section>", RegexOptions.Singleline);
        return match.Success ? match.Value : null;
    }

    [Fact]
    public async Task A_sweep_with_a_model_mix_records_each_levels_split_as_recomputed_from_its_requests_and_reports_it()
    {
        // given
        var output = _cli.PathOf("sweep");

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("sweep", "--sim-profile", "tiny", "--model", "base:3,adapter:1",
            "--concurrency", "2,4", "--requests-per-level", "40", "--output-tokens", "4", "--output-dir", output);

        // then every level's by_model is the summary of that model's records in the level's requests.jsonl
        Assert.True(exitCode == 0, error);
        var levels = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "sweep.json")))!["levels"]!.AsArray();
        Assert.Equal(2, levels.Count);
        foreach (var level in levels.Select(l => l!.AsObject()))
        {
            var concurrency = (int)level["concurrency"]!;
            var records = RecordReader.ReadFile(Path.Combine(output, "c" + concurrency.ToString(CultureInfo.InvariantCulture), "requests.jsonl")).Records;
            var byModel = level["by_model"]!.AsObject();
            Assert.Equal(["adapter", "base"], byModel.Select(model => model.Key));
            ByModelCheck.MatchesRecords(byModel, records, concurrency);
        }
        Assert.Contains("By model: base", stdout);
        Assert.Contains("4 · adapter", stdout);
        // named by the whole mix, not its first model
        Assert.Contains("Sweep: base:3,adapter:1", stdout);
        Assert.Contains("base:3,adapter:1: Request throughput peaks", stdout);
        Assert.Contains("<title>llmload sweep: base:3,adapter:1</title>", File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.Equal("base:3,adapter:1", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(output, "sweep.json")))!["model"]);
        var section = ByModelSection(output);
        Assert.NotNull(section);
        Assert.Contains("<th scope=\"row\">2 &#183; base</th>", section);

        // and `report` draws the same split from sweep.json
        File.Delete(Path.Combine(output, "report.html"));
        var report = await CliHarness.RunAsync("report", output);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal(section, ByModelSection(output));
        Assert.Contains("4 · adapter", report.Out);
        Assert.Contains("Sweep: base:3,adapter:1", report.Out);
    }

    [Fact]
    public async Task A_ramp_with_a_model_mix_is_titled_by_the_whole_mix_and_report_titles_it_the_same_from_its_files()
    {
        // given
        var output = _cli.PathOf("ramp");
        var ramp = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--model", "base:3,adapter:1", "--ramp", "linear:10..20:1s",
            "--output-tokens", "4", "--output-dir", output);
        Assert.True(ramp.ExitCode == 0, ramp.Error);
        var title = Regex.Match(File.ReadAllText(Path.Combine(output, "report.html")), "<title>.*?</title>").Value;
        File.Delete(Path.Combine(output, "report.html"));

        // when
        var report = await CliHarness.RunAsync("report", output);

        // then the mix is named whole; summary.json's config.model keeps the first model, the one its requests name first
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal("<title>llmload run: base:3,adapter:1</title>", title);
        Assert.Equal(title, Regex.Match(File.ReadAllText(Path.Combine(output, "report.html")), "<title>.*?</title>").Value);
        var configuration = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["config"]!;
        Assert.Equal("base", (string?)configuration["model"]);
        Assert.Equal("base:3,adapter:1", (string?)configuration["models"]);
    }

    [Fact]
    public async Task A_run_with_a_model_mix_has_a_by_model_section_that_report_draws_again_from_the_records()
    {
        // given
        var output = _cli.PathOf("run");
        var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--model", "base:3,adapter:1", "--num-requests", "40",
            "--concurrency", "4", "--output-tokens", "4", "--output-dir", output);
        Assert.True(run.ExitCode == 0, run.Error);
        var section = ByModelSection(output);
        File.Delete(Path.Combine(output, "report.html"));

        // when
        var report = await CliHarness.RunAsync("report", output);

        // then
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.NotNull(section);
        Assert.Contains("<th scope=\"row\">all models</th>", section);
        Assert.Contains("<th scope=\"row\">adapter</th>", section);
        Assert.Equal(section, ByModelSection(output));
    }

    [Fact]
    public async Task A_run_of_one_model_has_no_by_model_section()
    {
        // given
        var output = _cli.PathOf("run");

        // when
        var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--num-requests", "8", "--concurrency", "2", "--output-tokens", "4", "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Null(ByModelSection(output));
    }

    [Fact]
    public async Task A_study_target_with_a_model_mix_is_served_by_the_simulator_and_split_by_model_in_the_report()
    {
        // given
        var path = _cli.Write("study.yaml", """
            targets:
              - name: mix
                sim_profile: tiny
                model: [base:3, adapter:1]
            workload:
              output_tokens: 4
            baseline:
              concurrency: 2
              num_requests: 20
            sweep:
              concurrency: [2]
              requests_per_level: 20
            """);
        var output = _cli.PathOf("study");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("study", path, "--output-dir", output);

        // then
        Assert.True(exitCode == 0, error);
        var baseline = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "mix", "baseline", "summary.json")))!["by_model"]!.AsObject();
        Assert.Equal(["adapter", "base"], baseline.Select(model => model.Key));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Equal(2, Regex.Matches(html, "<caption>By model: mix</caption>").Count);
        Assert.NotNull(ByModelSection(output));
        // and tables.md the same two
        Assert.Equal(2, Regex.Matches(File.ReadAllText(Path.Combine(output, "tables.md")), @"^\*\*By model: mix\*\*$", RegexOptions.Multiline).Count);
    }

    [Fact]
    public async Task A_study_with_a_trace_speed_replays_the_baseline_at_trace_times_and_sweeps_closed_loops()
    {
        // given
        var trace = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "traces", "mooncake_small.jsonl"));
        var path = _cli.Write("study.yaml", $"""
            targets:
              - name: t
                sim_profile: tiny
            workload:
              dataset: mooncake:{trace}
              trace_window: 0:500ms
              trace_speed: 2
              output_tokens: 4
            sweep:
              concurrency: [2]
              requests_per_level: 10
            """);
        var output = _cli.PathOf("study");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("study", path, "--output-dir", output);

        // then
        Assert.True(exitCode == 0, error);
        var baseline = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "t", "baseline", "summary.json")))!;
        Assert.Equal("trace", (string?)baseline["config"]!["arrival"]);
        Assert.Equal(2.0, (double)baseline["config"]!["trace_speed"]!);
        var level = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "t", "sweep", "sweep.json")))!["levels"]![0]!;
        Assert.Equal(10, (int)level["completed"]! + (int)level["failed"]!);
        Assert.Null(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "study.json")))!["baseline_concurrency"]);
    }

    public void Dispose() => _cli.Dispose();
}
