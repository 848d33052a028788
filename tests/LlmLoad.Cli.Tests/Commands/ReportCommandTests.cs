namespace LlmLoad.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task A_saved_sweep_gets_its_charts_and_report_back()
    {
        // given a sweep whose pictures were deleted
        var sweep = _cli.PathOf("sweep");
        var run = await CliHarness.RunAsync("sweep", "--sim-profile", "tiny", "--concurrency", "2,8", "--requests-per-level", "20",
            "--output-tokens", "8", "--output-dir", sweep);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Directory.Delete(Path.Combine(sweep, "charts"), recursive: true);
        File.Delete(Path.Combine(sweep, "report.html"));

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("report", sweep);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(sweep, "report.html")));
        Assert.True(File.Exists(Path.Combine(sweep, "charts", "output-throughput.png")));
        Assert.True(File.Exists(Path.Combine(sweep, "charts", "request-throughput-llmload-tiny-sim.svg")));
        Assert.Contains("Verdicts", output);
        Assert.Contains("llmload/tiny-sim: Request throughput", output);
    }

    [Fact]
    public async Task A_killed_run_is_summarized_from_its_records_and_its_torn_last_line_is_ignored_with_a_warning()
    {
        // given a run, then its last record cut in half and its summary gone, as a kill -9 leaves it
        var dir = _cli.PathOf("run");
        var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", "4", "--num-requests", "20",
            "--output-tokens", "8", "--output-dir", dir);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var records = Path.Combine(dir, "requests.jsonl");
        var text = File.ReadAllText(records);
        File.WriteAllText(records, text[..(text.TrimEnd('\n').LastIndexOf('\n') + 40)]);
        File.Delete(Path.Combine(dir, "summary.json"));

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("report", dir);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var warnings = CliHarness.Lines(error);
        Assert.Equal(2, warnings.Length);
        Assert.StartsWith($"warning: {records} line 20: ignored an incomplete last record", warnings[0]);
        Assert.StartsWith($"warning: {Path.Combine(dir, "summary.json")} is missing", warnings[1]);
        Assert.Contains("Successful requests:                     19        ", output);
        Assert.Contains("Serving Benchmark Result", output);
        Assert.Contains("Requests/s", output);
        Assert.Contains($"Computed from the records in {records}.", output);
    }

    [Fact]
    public async Task A_run_writes_its_report_and_charts_and_report_draws_the_same_page_again_from_the_files()
    {
        // given a run and its pictures, then the pictures deleted
        var dir = _cli.PathOf("run");
        var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", "4", "--num-requests", "30",
            "--output-tokens", "8", "--output-dir", dir);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        string[] charts = ["ttft-distribution", "tpot-distribution", "e2el-distribution", "output-throughput-over-time",
            "requests-over-time", "in-flight-over-time", "ttft-over-time"];
        Assert.All(charts, c => Assert.True(File.Exists(Path.Combine(dir, "charts", c + ".png")) && File.Exists(Path.Combine(dir, "charts", c + ".svg")), c));
        var written = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<h1>llmload run: llmload/tiny-sim</h1>", written);
        Directory.Delete(Path.Combine(dir, "charts"), recursive: true);
        File.Delete(Path.Combine(dir, "report.html"));

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("report", dir);

        // then the records give the same page back
        Assert.True(exitCode == ExitCodes.Success, error);
        // ScottPlot numbers clip paths with a counter of the process, so only those ids may differ
        Assert.Equal(WithoutClipIds(written), WithoutClipIds(File.ReadAllText(Path.Combine(dir, "report.html"))));
        Assert.All(charts, c => Assert.True(File.Exists(Path.Combine(dir, "charts", c + ".png")), c));
        Assert.Contains($"Rendered: {Path.GetFullPath(dir)} (report.html, charts/)", output);
    }

    [Theory]
    [InlineData("run", "summary.json", "--concurrency", "2", "--num-requests", "6")]
    [InlineData("sweep", "c4/requests.jsonl", "--concurrency", "2,4", "--requests-per-level", "8")]
    [InlineData("sweep", "max-rate.json", "--rate", "20..40", "--find-max-rate", "--precision", "50%", "--goodput", "e2el<=10s", "--requests-per-level", "8")]
    public async Task No_report_leaves_out_the_page_and_the_charts_which_report_draws_later(string command, string kept, params string[] load)
    {
        // when
        var dir = _cli.PathOf(command);
        var (exitCode, output, error) = await CliHarness.RunAsync([command, "--sim-profile", "tiny", .. load, "--output-tokens", "4", "--output-dir", dir, "--no-report"]);

        // then the results are written, the pictures neither written nor listed
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(dir, kept)), kept);
        Assert.False(File.Exists(Path.Combine(dir, "report.html")));
        Assert.False(Directory.Exists(Path.Combine(dir, "charts")));
        Assert.DoesNotContain("report.html", output, StringComparison.Ordinal);

        // and report draws them from the files
        var report = await CliHarness.RunAsync("report", dir);
        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
    }

    [Fact]
    public async Task A_directory_without_results_is_one_line_with_exit_code_2()
    {
        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("report", _cli.Directory);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"error: \"{_cli.Directory}\" has no study.json, sweep.json, summary.json or requests.jsonl; give a directory written by llmload study, sweep or run.", error.Trim());
    }

    private static string WithoutClipIds(string html) => System.Text.RegularExpressions.Regex.Replace(html, "cl_[0-9a-f]+", "cl_");

    public void Dispose() => _cli.Dispose();
}
