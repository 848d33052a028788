using System.Text.Json.Nodes;

namespace LlmLoad.Cli.Tests.Commands;

public sealed class StudyCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private const string TwoTinyTargets = """
        name: tiny-study
        targets:
          - name: first
            sim_profile: tiny
          - name: second
            sim_profile: tiny
        workload:
          output_tokens: 8
        baseline:
          concurrency: 4
          num_requests: 40
        sweep:
          concurrency: [2, 8, 32]
          requests_per_level: 40
        """;

    [Fact]
    public async Task A_study_of_two_simulator_targets_writes_each_baseline_and_sweep_then_the_tables_charts_and_report()
    {
        // given
        var study = _cli.Write("study.yaml", TwoTinyTargets);
        var output = _cli.PathOf("out");

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("study", study, "--output-dir", output);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        foreach (var target in new[] { "first", "second" })
        {
            Assert.True(File.Exists(Path.Combine(output, target, "baseline", "summary.json")), target);
            Assert.True(File.Exists(Path.Combine(output, target, "baseline", "requests.jsonl")), target);
            Assert.True(File.Exists(Path.Combine(output, target, "sweep", "sweep.json")), target);
            Assert.True(Directory.Exists(Path.Combine(output, target, "sweep", "c32")), target);
        }
        foreach (var file in new[] { "study.json", "tables.md", "report.html", "charts/output-throughput.png", "charts/request-throughput-first.png",
            "charts/request-throughput-second.png", "charts/ttft.svg", "charts/tpot.png", "charts/success-rate.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "study.json")))!;
        var targets = json["targets"]!.AsArray();
        Assert.Equal(["first", "second"], targets.Select(t => t!["name"]!.GetValue<string>()));
        Assert.All(targets, t => Assert.Equal("llmload/tiny-sim", t!["model"]!.GetValue<string>()));
        Assert.All(targets, t => Assert.Equal(40, t!["baseline"]!["completed"]!.GetValue<int>()));
        Assert.All(targets, t => Assert.Contains(t!["analysis"]!["peak"]!["concurrency"]!.GetValue<int>(), new[] { 2, 8, 32 }));
        Assert.All(targets, t => Assert.False(string.IsNullOrEmpty(t!["analysis"]!["reading"]!.GetValue<string>())));
        Assert.Equal(4, json["baseline_concurrency"]!.GetValue<int>());
        var tables = File.ReadAllText(Path.Combine(output, "tables.md"));
        Assert.Contains("## Baseline at max concurrency 4", tables);
        Assert.Contains("| first ", tables);
        Assert.Contains("| second ", tables);
        Assert.Contains("Throughput", stdout);
        Assert.Contains("Mean TTFT (ms)", stdout);
        Assert.Contains("Verdicts", stdout);
        Assert.Contains("first: Request throughput", stdout);
        Assert.Contains("second: Request throughput", stdout);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("llmload study: tiny-study", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public async Task A_request_scale_sends_a_fraction_of_each_count_but_at_least_twenty_and_one_per_user()
    {
        // given
        var study = _cli.Write("study.yaml", TwoTinyTargets.Replace("  - name: second\n    sim_profile: tiny\n", "", StringComparison.Ordinal));
        var output = _cli.PathOf("out");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("study", study, "--output-dir", output, "--requests-scale", "0.25");

        // then: 40 x 0.25 = 10, raised to 20; at c=32, raised to 32
        Assert.True(exitCode == ExitCodes.Success, error);
        var sweep = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "first", "sweep", "sweep.json")))!;
        Assert.Equal([20, 20, 32], sweep["levels"]!.AsArray().Select(level => level!["completed"]!.GetValue<int>()));
        var studyJson = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "study.json")))!;
        Assert.Equal(20, studyJson["targets"]![0]!["baseline"]!["completed"]!.GetValue<int>());
        Assert.Equal(0.25, studyJson["requests_scale"]!.GetValue<double>());
        Assert.Contains("Quick run: request counts scaled by 0.25", File.ReadAllText(Path.Combine(output, "tables.md")));
    }

    [Fact]
    public async Task A_simulated_target_is_predicted_in_virtual_time_and_labelled_so()
    {
        // given
        var study = _cli.Write("study.yaml", """
            targets:
              - name: predicted
                sim_profile: tiny
                mode: simulate
            workload:
              output_tokens: 8
            baseline:
              concurrency: 4
            sweep:
              concurrency: 2,8
            """);
        var output = _cli.PathOf("out");

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("study", study, "--output-dir", output);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("predicted (simulated): Request throughput", stdout);
        Assert.True(File.Exists(Path.Combine(output, "charts", "request-throughput-predicted-simulated.png")));
        var target = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "study.json")))!["targets"]![0]!;
        Assert.Equal("simulated", target["mode"]!.GetValue<string>());
        Assert.Equal("tiny (simulated)", target["model"]!.GetValue<string>());
        Assert.Equal(4, target["baseline"]!["max_concurrency"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(output, "predicted", "baseline", "summary.json")));
        Assert.False(File.Exists(Path.Combine(output, "predicted", "baseline", "requests.jsonl")));
        var sweep = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "predicted", "sweep", "sweep.json")))!;
        Assert.Equal([2, 8], sweep["levels"]!.AsArray().Select(level => level!["concurrency"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_its_target_and_the_others_still_run()
    {
        // given a port with no listener
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var study = _cli.Write("study.yaml", $"""
            targets:
              - name: gone
                base_url: http://127.0.0.1:{port}
                model: m
              - name: predicted
                sim_profile: tiny
                mode: simulate
            workload:
              output_tokens: 8
            baseline:
              concurrency: 4
            sweep:
              concurrency: 2,4
            """);
        var output = _cli.PathOf("out");

        // when
        var (exitCode, stdout, error) = await CliHarness.RunAsync("study", study, "--output-dir", output);

        // then
        Assert.Equal(ExitCodes.EndpointUnusable, exitCode);
        Assert.Contains("error: gone: ", error);
        var targets = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "study.json")))!["targets"]!.AsArray();
        Assert.NotNull(targets[0]!["error"]);
        Assert.Null(targets[0]!["analysis"]);
        Assert.NotNull(targets[1]!["analysis"]);
        Assert.Contains("predicted (simulated): Request throughput", stdout);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
    }

    [Fact]
    public async Task The_shipped_example_studies_are_valid()
    {
        // given
        var examples = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples");

        // when: an output directory that exists and is not empty stops the command after validation
        Directory.CreateDirectory(_cli.PathOf("full"));
        File.WriteAllText(_cli.PathOf("full", "x"), "");
        var measured = await CliHarness.RunAsync("study", Path.Combine(examples, "radiant-study.yaml"), "--output-dir", _cli.PathOf("full"));
        var simulated = await CliHarness.RunAsync("study", Path.Combine(examples, "radiant-study-simulated.yaml"), "--output-dir", _cli.PathOf("full"));

        // then: the only problem is the directory
        Assert.Equal([$"error: --output-dir \"{_cli.PathOf("full")}\" exists and is not empty; choose another directory or pass --overwrite."], CliHarness.Lines(measured.Error));
        Assert.Equal(CliHarness.Lines(measured.Error), CliHarness.Lines(simulated.Error));
    }

    public void Dispose() => _cli.Dispose();
}
