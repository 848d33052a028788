using System.Text.Json.Nodes;
using LlmLoad.Cli.Tests.Support;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>--goodput</c> on <c>run</c>, <c>sweep</c> and in study files, against the embedded simulator: the
/// SLO reaches the summary (goodput and attainment printed and written), and a sweep gives the
/// "max concurrency at >= N% attainment" verdict.
/// </summary>
public sealed class GoodputCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    public static TheoryData<string, string[], string> InvalidValues => new()
    {
        { "run", ["--goodput", "ttft<500ms"], "--goodput: goodput SLO \"ttft<500ms\" must use \"<=\" (a request is good when its latency is at most the threshold)." },
        { "run", ["--goodput", "ttft:fast"], "--goodput: goodput SLO \"ttft:fast\" must be KEY:MILLISECONDS as vLLM writes it (e.g. \"ttft:500\"), or KEY<=TIME (e.g. \"ttft<=500ms\")." },
        { "run", ["--goodput", "ttfb:500", "tpot:50"], "--goodput: goodput SLO \"ttfb:500\": unknown metric \"ttfb\"; expected ttft, tpot, itl or e2el." },
        { "sweep", ["--goodput", "e2el<=-1s"], "--goodput: goodput SLO \"e2el<=-1s\" needs a non-negative time in ms or s, e.g. \"e2el<=500ms\"." },
        { "sweep", ["--goodput", "ttft<=500ms", "--attainment", "150"], "--attainment \"150\" must be a percentage above 0 and at most 100, e.g. 90 or 95%." },
        { "sweep", ["--goodput", "ttft<=500ms", "--attainment", "0%"], "--attainment \"0%\" must be a percentage above 0 and at most 100, e.g. 90 or 95%." },
        { "run", ["--no-stream", "--goodput", "ttft:500", "e2el:10000"], "--goodput terms on ttft: TTFT, TPOT and ITL are not measured with --no-stream (the answer arrives whole); keep only e2el or leave out --no-stream." },
        { "sweep", ["--no-stream", "--goodput", "tpot<=50ms,itl<=1s"], "--goodput terms on tpot, itl: TTFT, TPOT and ITL are not measured with --no-stream (the answer arrives whole); keep only e2el or leave out --no-stream." },
        { "sweep", ["--attainment", "95"], "--attainment \"95\" needs per-request SLOs to attain; add --goodput, e.g. --goodput \"ttft<=500ms,tpot<=50ms\"." },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task A_bad_goodput_or_attainment_is_refused_with_one_line_and_exit_code_2(string command, string[] flags, string expectedLine)
    {
        // when: a closed port, so a value that wrongly passed would fail with exit code 3 instead
        var run = await CliRun.InvokeAsync([command, "--base-url", "http://127.0.0.1:1", "--output-dir", _cli.PathOf("out"), .. flags]);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: " + expectedLine], run.ErrorLines);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_run_with_vllms_goodput_spelling_prints_and_writes_goodput_and_attainment()
    {
        // given generous SLOs, which every request of the tiny simulator meets
        var output = _cli.PathOf("run");

        // when: vLLM's spelling, several tokens after one flag
        var (exitCode, stdout, error) = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", "4", "--num-requests", "20",
            "--output-tokens", "8", "--goodput", "ttft:60000", "e2el:60000", "--output-dir", output);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Request goodput (req/s):", stdout);
        Assert.Contains("SLO attainment (%):                      100.00", stdout);
        Assert.Contains("SLO attainment TTFT (%):", stdout);
        Assert.Contains("SLO attainment E2EL (%):", stdout);
        Assert.DoesNotContain("SLO attainment TPOT", stdout);
        var summary = ReadJson(Path.Combine(output, "summary.json"));
        Assert.Equal("ttft<=60000ms,e2el<=60000ms", summary["goodput_slo"]!.GetValue<string>());
        Assert.Equal(summary["request_throughput"]!.GetValue<double>(), summary["request_goodput"]!.GetValue<double>());
        Assert.Equal(1.0, summary["slo_attainment"]!.GetValue<double>());
        Assert.Equal(1.0, summary["slo_attainment_ttft"]!.GetValue<double>());
        Assert.Null(summary["slo_attainment_tpot"]);
    }

    [Fact]
    public async Task A_run_whose_slo_no_request_can_meet_has_zero_goodput_and_attainment()
    {
        // given a TTFT threshold of 0 ms: no real first token arrives that fast
        var output = _cli.PathOf("run");

        // when: our spelling, one quoted value
        var (exitCode, stdout, error) = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", "4", "--num-requests", "20",
            "--output-tokens", "8", "--goodput", "ttft<=0ms,e2el<=60s", "--output-dir", output);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Request goodput (req/s):                 0.00", stdout);
        Assert.Contains("SLO attainment (%):                      0.00", stdout);
        var summary = ReadJson(Path.Combine(output, "summary.json"));
        Assert.Equal(0, summary["request_goodput"]!.GetValue<double>());
        Assert.Equal(0, summary["slo_attainment_ttft"]!.GetValue<double>());
        Assert.Equal(1.0, summary["slo_attainment_e2el"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_sweep_with_goodput_names_the_max_concurrency_at_the_attainment_target()
    {
        // given
        var output = _cli.PathOf("sweep");

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("sweep", "--sim-profile", "tiny", "--concurrency", "2,8", "--requests-per-level", "20",
            "--output-tokens", "8", "--goodput", "ttft<=60s,tpot<=10s", "--attainment", "95%", "--output-dir", output);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Max concurrency at >= 95% SLO attainment (ttft<=60000ms,tpot<=10000ms): c=8 (100.0%)", stdout);
        Assert.Contains("Goodput req/s", stdout);
        Assert.Contains("Max c >=95% SLO", stdout);
        var analysis = ReadJson(Path.Combine(output, "sweep.json"))["analysis"]!;
        Assert.Equal(0.95, analysis["options"]!["min_slo_attainment"]!.GetValue<double>());
        Assert.Equal(8, analysis["max_concurrency_at_attainment"]!["concurrency"]!.GetValue<int>());
        Assert.Equal(1.0, analysis["max_concurrency_at_attainment"]!["slo_attainment"]!.GetValue<double>());
        Assert.NotNull(analysis["max_goodput"]!["concurrency"]);
        var level = ReadJson(Path.Combine(output, "sweep.json"))["levels"]![0]!;
        Assert.Equal(1.0, level["slo_attainment"]!.GetValue<double>());
        Assert.Contains("slo_attainment", File.ReadLines(Path.Combine(output, "sweep.csv")).First());
        Assert.True(File.Exists(Path.Combine(output, "charts", "goodput.png")));
        Assert.True(File.Exists(Path.Combine(output, "charts", "slo-attainment.svg")));
        Assert.Contains("Max concurrency at the SLO attainment target", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public async Task A_study_files_goodput_applies_to_the_baseline_and_the_sweep()
    {
        // given vLLM's spelling as a YAML list, and a target the tiny simulator cannot reach (TTFT 0 ms)
        var study = _cli.Write("study.yaml", """
            targets:
              - name: only
                sim_profile: tiny
            workload:
              output_tokens: 8
            baseline:
              concurrency: 2
              num_requests: 20
            sweep:
              concurrency: [2, 4]
              requests_per_level: 20
              goodput: [ttft:0, e2el:60000]
              attainment: 80
            """);
        var output = _cli.PathOf("out");

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("study", study, "--output-dir", output);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var baseline = ReadJson(Path.Combine(output, "only", "baseline", "summary.json"));
        Assert.Equal("ttft<=0ms,e2el<=60000ms", baseline["goodput_slo"]!.GetValue<string>());
        Assert.Equal(0, baseline["slo_attainment"]!.GetValue<double>());
        var analysis = ReadJson(Path.Combine(output, "only", "sweep", "sweep.json"))["analysis"]!;
        Assert.Equal(0.8, analysis["options"]!["min_slo_attainment"]!.GetValue<double>());
        Assert.Null(analysis["max_concurrency_at_attainment"]!["concurrency"]);
        Assert.Contains("No level reached 80% SLO attainment (ttft<=0ms,e2el<=60000ms)", stdout);
        var studyJson = ReadJson(Path.Combine(output, "study.json"));
        Assert.Equal("ttft<=0ms,e2el<=60000ms", studyJson["config"]!["sweep"]!["goodput"]!.GetValue<string>());
        Assert.Equal(0.8, studyJson["config"]!["sweep"]!["attainment"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_bad_goodput_in_a_study_file_is_named_with_its_line()
    {
        // given
        var study = _cli.Write("study.yaml", """
            targets:
              - name: only
                sim_profile: tiny
            sweep:
              goodput: ttft<=soon
              attainment: 101
            """);

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("study", study, "--output-dir", _cli.PathOf("out"));

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal(
        [
            $"error: {study} line 5: sweep.goodput: SLO term \"ttft<=soon\": \"soon\" is not a number; expected e.g. 500ms, 0.5s or 99%.",
            $"error: {study} line 6: sweep.attainment \"101\" must be a percentage above 0 and at most 100, e.g. 90 or 95%.",
        ], CliHarness.Lines(error));
    }
}
