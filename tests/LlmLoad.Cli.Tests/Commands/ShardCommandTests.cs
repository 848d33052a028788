using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LlmLoad.Core.Sharding;
using LlmLoad.Tests.Common;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>run --shard I/N</c> and <c>merge</c> end to end against a real loopback server: the shards send disjoint prompts
/// that add up to the single run's, and a merge refuses shards of different runs or configurations, and merges without
/// a missing or half-written shard only with <c>--allow-partial</c>.
/// </summary>
public sealed class ShardCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    /// <summary>Answers every request with two short events; keeps each measured request's prompt (the pre-flight's is left out).</summary>
    private static Task<LoopbackServer> StartServerAsync(ConcurrentQueue<string> prompts) =>
        LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            if (!body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal))
            {
                prompts.Enqueue(JsonNode.Parse(body)!["messages"]![0]!["content"]!.GetValue<string>());
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hello") + SseScript.ChatChunk(" world") + SseScript.FinishChunk() + SseScript.UsageChunk(12, 2) + SseScript.Done);
        });

    private static string[] Load(LoopbackServer server, string outputDir, params string[] extra) =>
        ["run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "4", "--num-requests", "14", "--warmup", "2", "--input-tokens", "fixed:24",
            "--output-tokens", "2", "--server-metrics", "off", "--no-report", "--output-dir", outputDir, .. extra];

    private async Task<string> RunShardAsync(LoopbackServer server, int index, int count, string runId, params string[] extra)
    {
        var directory = _cli.PathOf($"{runId}-shard{index}-{Guid.NewGuid():N}");
        var (exitCode, _, error) = await CliHarness.RunAsync(Load(server, directory, ["--shard", $"{index}/{count}", "--start-at", "+0s", "--run-id", runId, .. extra]));
        Assert.True(exitCode == 0, error);
        return directory;
    }

    [Fact]
    public async Task Shards_send_disjoint_prompts_whose_union_is_the_single_runs()
    {
        // given the single run's prompts
        var single = new ConcurrentQueue<string>();
        await using (var server = await StartServerAsync(single))
        {
            var (exitCode, _, error) = await CliHarness.RunAsync(Load(server, _cli.PathOf("single")));
            Assert.True(exitCode == 0, error);
        }

        // when the same run is sent as three shards, one after another
        var shards = new List<string[]>();
        for (var index = 0; index < 3; index++)
        {
            var prompts = new ConcurrentQueue<string>();
            await using var server = await StartServerAsync(prompts);
            await RunShardAsync(server, index, 3, "disjoint");
            shards.Add([.. prompts]);
        }

        // then no prompt is sent by two shards, and together they sent the single run's 16 (warm-up included)
        Assert.Equal(16, single.Count);
        Assert.Equal(single.Count, single.Distinct().Count());
        Assert.Equal([6, 5, 5], shards.Select(s => s.Length));
        for (var a = 0; a < 3; a++)
        {
            for (var b = a + 1; b < 3; b++)
            {
                Assert.Empty(shards[a].Intersect(shards[b]));
            }
        }
        Assert.Equal(single.Order(StringComparer.Ordinal), shards.SelectMany(s => s).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shard_writes_its_identity_share_and_start_offset_to_shard_json()
    {
        // given
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());

        // when
        var directory = await RunShardAsync(server, 1, 2, "identity");

        // then
        var manifest = ShardManifestJson.Read(Path.Combine(directory, ShardManifest.FileName));
        Assert.Equal("identity", manifest.RunId);
        Assert.Equal(new ShardSpec(1, 2), manifest.Shard);
        Assert.Equal(Environment.MachineName, manifest.Host);
        Assert.Equal(new ShardShare(2, null, 7, 1), manifest.Share);
        Assert.NotNull(manifest.ClientHealth);
        Assert.Equal(4, manifest.Configuration["concurrency"]!.GetValue<int>());
        Assert.InRange(manifest.StartOffsetMs, 0, 60_000);
    }

    [Fact]
    public async Task Merge_pools_the_shards_into_the_single_runs_counts()
    {
        // given
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());
        var first = await RunShardAsync(server, 0, 2, "pooled");
        var second = await RunShardAsync(server, 1, 2, "pooled");

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("merge", first, second, "--output-dir", _cli.PathOf("merged"));

        // then
        Assert.True(exitCode == 0, error);
        var summary = JsonNode.Parse(File.ReadAllText(_cli.PathOf("merged", "summary.json")))!;
        Assert.Equal(14, summary["completed"]!.GetValue<int>());
        Assert.Equal(28, summary["total_output_tokens"]!.GetValue<int>());
        Assert.Equal(16, File.ReadAllLines(_cli.PathOf("merged", "requests.jsonl")).Length);
        Assert.Contains("Shards of run pooled", File.ReadAllText(_cli.PathOf("merged", "shards.md")));
        Assert.Contains("Merged 2 shards", output);
    }

    /// <summary>Three shards of one run (16 requests with 2 of warm-up over 4 users: 5, 4 and 5 measured), and their directories.</summary>
    private async Task<string[]> RunThreeShardsAsync(string runId)
    {
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());
        return [await RunShardAsync(server, 0, 3, runId), await RunShardAsync(server, 1, 3, runId), await RunShardAsync(server, 2, 3, runId)];
    }

    /// <summary>The report's row of each shard up to its completed requests, as its shard.json and summary.json tell them.</summary>
    private static IEnumerable<string> ShardRowsOf(IEnumerable<string> shards) => shards.Select(directory =>
    {
        var manifest = ShardManifestJson.Read(Path.Combine(directory, ShardManifest.FileName));
        var completed = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!["completed"]!.GetValue<int>();
        Assert.Equal(manifest.Share.NumRequests, (int?)completed);
        return $"<tr><th scope=\"row\">{manifest.Shard}</th><td class=\"num\">{manifest.Host}</td><td class=\"num\">{manifest.Share.Concurrency}</td><td class=\"num\">{completed}</td>";
    });

    [Fact]
    public async Task A_merged_runs_report_shows_each_shard_with_its_own_request_count()
    {
        // given
        var shards = await RunThreeShardsAsync("reported");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync(["merge", .. shards, "--output-dir", _cli.PathOf("merged")]);

        // then a Shards section with one row per shard, each counting the requests its shard.json gave it (5, 4, 5)
        Assert.True(exitCode == 0, error);
        var html = File.ReadAllText(_cli.PathOf("merged", "report.html"));
        Assert.Contains("<section id=\"shards\"><h2>Shards</h2>", html);
        Assert.Contains("<caption>Shards of run reported</caption>", html);
        Assert.All(ShardRowsOf(shards), row => Assert.Contains(row, html));
        Assert.Contains("One client per shard: see Shards.", html);
    }

    [Fact]
    public async Task Report_draws_a_merged_runs_shards_again_from_its_directory()
    {
        // given a merged run without its report, the shards' own directories gone
        var shards = await RunThreeShardsAsync("redrawn");
        var merged = _cli.PathOf("merged");
        var (mergeExit, _, mergeError) = await CliHarness.RunAsync(["merge", .. shards, "--output-dir", merged, "--no-report"]);
        Assert.True(mergeExit == 0, mergeError);
        var rows = ShardRowsOf(shards).ToList();
        Array.ForEach(shards, shard => Directory.Delete(shard, recursive: true));

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("report", merged);

        // then
        Assert.True(exitCode == 0, error);
        var html = File.ReadAllText(Path.Combine(merged, "report.html"));
        Assert.Contains("<caption>Shards of run redrawn</caption>", html);
        Assert.All(rows, row => Assert.Contains(row, html));
    }

    [Fact]
    public async Task A_merged_summary_keeps_each_shards_client_health_and_the_warnings()
    {
        // given
        var shards = await RunThreeShardsAsync("health");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync(["merge", .. shards, "--output-dir", _cli.PathOf("merged"), "--no-report"]);

        // then one block per shard, in shard order, with its share, requests and its client's own health
        Assert.True(exitCode == 0, error);
        var health = JsonNode.Parse(File.ReadAllText(_cli.PathOf("merged", "summary.json")))!["client_health"]!;
        Assert.Equal("health", health["run_id"]!.GetValue<string>());
        var blocks = health["shards"]!.AsArray();
        Assert.Equal(["0/3", "1/3", "2/3"], blocks.Select(b => b!["shard"]!.GetValue<string>()));
        Assert.Equal([5, 4, 5], blocks.Select(b => b!["completed"]!.GetValue<int>()));
        Assert.Equal([2, 1, 1], blocks.Select(b => b!["concurrency"]!.GetValue<int>()));
        // (a number, not a bound: these shards ran in the test process, whose CPU the parallel tests share)
        Assert.All(blocks, b => Assert.True(b!["client_health"]!["cpu_fraction_of_machine"]!.GetValue<double>() >= 0));
        Assert.All(blocks, b => Assert.IsType<JsonArray>(b!["client_health"]!["warnings"]));
        Assert.IsType<JsonArray>(health["warnings"]);
    }

    [Fact]
    public async Task Merge_with_no_report_writes_the_results_without_report_or_charts()
    {
        // given
        var shards = await RunThreeShardsAsync("quiet");

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync(["merge", .. shards, "--output-dir", _cli.PathOf("merged"), "--no-report"]);

        // then
        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(_cli.PathOf("merged", "summary.json")));
        Assert.True(File.Exists(_cli.PathOf("merged", "shards.md")));
        Assert.False(File.Exists(_cli.PathOf("merged", "report.html")));
        Assert.False(Directory.Exists(_cli.PathOf("merged", "charts")));
        Assert.DoesNotContain("report.html", output);
    }

    [Fact]
    public async Task A_run_over_two_processes_with_no_report_draws_no_merged_report()
    {
        // given
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync(Load(server, _cli.PathOf("processes"), "--processes", "2"));

        // then neither the shards nor the merged run are drawn
        Assert.True(exitCode == 0, error + output);
        Assert.Equal(14, JsonNode.Parse(File.ReadAllText(_cli.PathOf("processes", "summary.json")))!["completed"]!.GetValue<int>());
        Assert.False(File.Exists(_cli.PathOf("processes", "report.html")));
        Assert.False(Directory.Exists(_cli.PathOf("processes", "charts")));
        Assert.False(File.Exists(_cli.PathOf("processes", "shards", "shard-0", "report.html")));
    }

    [Fact]
    public async Task Merge_refuses_shards_of_different_runs_in_one_line()
    {
        // given
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());
        var first = await RunShardAsync(server, 0, 2, "run-a");
        var second = await RunShardAsync(server, 1, 2, "run-b");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("merge", first, second, "--output-dir", _cli.PathOf("merged"));

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        var line = Assert.Single(CliHarness.Lines(error));
        Assert.Contains("belongs to run run-b", line);
        Assert.False(Directory.Exists(_cli.PathOf("merged")));
    }

    [Fact]
    public async Task Merge_refuses_shards_of_different_configurations_naming_the_field()
    {
        // given
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());
        var first = await RunShardAsync(server, 0, 2, "config", "--temperature", "0");
        var second = await RunShardAsync(server, 1, 2, "config", "--temperature", "0.5");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("merge", first, second, "--output-dir", _cli.PathOf("merged"));

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("\"temperature\" is 0.5 in", Assert.Single(CliHarness.Lines(error)));
    }

    [Fact]
    public async Task A_missing_shard_is_reported_and_the_rest_merged_only_with_allow_partial()
    {
        // given shard 0 of 2, and shard 1's directory never written
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());
        var first = await RunShardAsync(server, 0, 2, "partial");

        // when
        var refused = await CliHarness.RunAsync("merge", first, "--output-dir", _cli.PathOf("refused"));
        var partial = await CliHarness.RunAsync("merge", first, _cli.PathOf("never-written"), "--output-dir", _cli.PathOf("merged"), "--allow-partial");

        // then
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("shard 1/2 of run partial is not among the directories given.", refused.Error);
        Assert.Contains("--allow-partial", refused.Error);
        Assert.True(partial.ExitCode == 0, partial.Error);
        Assert.Contains("never-written does not exist.", partial.Error);
        Assert.Contains("shard 1/2 of run partial is not among", partial.Error);
        Assert.Equal(7, JsonNode.Parse(File.ReadAllText(_cli.PathOf("merged", "summary.json")))!["completed"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_half_written_shard_is_reported_and_the_rest_merged_only_with_allow_partial()
    {
        // given shard 1 killed before it finished: its records are there, its summary.json is not
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());
        var first = await RunShardAsync(server, 0, 2, "torn");
        var second = await RunShardAsync(server, 1, 2, "torn");
        File.Delete(Path.Combine(second, "summary.json"));

        // when
        var refused = await CliHarness.RunAsync("merge", first, second, "--output-dir", _cli.PathOf("refused"));
        var partial = await CliHarness.RunAsync("merge", first, second, "--output-dir", _cli.PathOf("merged"), "--allow-partial");

        // then
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("has no summary.json: the shard did not finish", refused.Error);
        Assert.True(partial.ExitCode == 0, partial.Error);
        Assert.Contains("warning: ", partial.Error);
        Assert.Equal(7, JsonNode.Parse(File.ReadAllText(_cli.PathOf("merged", "summary.json")))!["completed"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(new[] { "--shard", "0/2" }, "--shard needs --start-at")]
    [InlineData(new[] { "--start-at", "+1s" }, "--start-at is for shards of one run")]
    [InlineData(new[] { "--shard", "2/2", "--start-at", "+1s" }, "--shard \"2/2\" must be I/N")]
    [InlineData(new[] { "--shard", "0/8", "--start-at", "+1s" }, "--concurrency 4 is fewer users than the 8 shards")]
    [InlineData(new[] { "--shard", "0/2", "--start-at", "soon" }, "--start-at \"soon\" must be a UTC time")]
    [InlineData(new[] { "--processes", "2", "--shard", "0/2" }, "--processes runs every shard itself")]
    public async Task Shard_flags_that_do_not_fit_are_refused_in_one_line(string[] flags, string expected)
    {
        // when
        var (exitCode, _, error) = await CliHarness.RunAsync(["run", "--base-url", "http://127.0.0.1:1", "--concurrency", "4", "--output-dir", _cli.PathOf("out"), .. flags]);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains(expected, Assert.Single(CliHarness.Lines(error)));
    }

    [Fact]
    public async Task A_sharded_sweep_with_a_count_based_level_plan_is_refused_in_one_line()
    {
        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("sweep", "--base-url", "http://127.0.0.1:1", "--concurrency", "4,8", "--shard", "0/2", "--start-at", "+1s", "--output-dir", _cli.PathOf("out"));

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("needs a time-based level plan", Assert.Single(CliHarness.Lines(error)));
    }

    [Fact]
    public async Task A_sweep_over_two_processes_is_merged_into_one_sweep_with_every_levels_requests()
    {
        // given
        var prompts = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(prompts);

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("sweep", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2,4", "--level-duration", "1s",
            "--input-tokens", "fixed:24", "--output-tokens", "2", "--server-metrics", "off", "--output-dir", _cli.PathOf("sweep"), "--processes", "2");

        // then one sweep.json whose levels count both shards' requests, each level's shards side by side
        Assert.True(exitCode == 0, error + output);
        var levels = JsonNode.Parse(File.ReadAllText(_cli.PathOf("sweep", "sweep.json")))!["levels"]!.AsArray();
        Assert.Equal(2, levels.Count);
        var measured = prompts.Count;
        var completed = new[] { "c2", "c4" }.Sum(level => JsonNode.Parse(File.ReadAllText(_cli.PathOf("sweep", level, "summary.json")))!["completed"]!.GetValue<int>());
        Assert.Equal(measured, completed);
        Assert.True(File.Exists(_cli.PathOf("sweep", "sweep.csv")));
        Assert.True(File.Exists(_cli.PathOf("sweep", "report.html")));
        Assert.Contains("| 1/2", File.ReadAllText(_cli.PathOf("sweep", "c4", "shards.md")));
        var html = File.ReadAllText(_cli.PathOf("sweep", "report.html"));
        Assert.Contains("<section id=\"shards\"><h2>Shards</h2>", html);
        Assert.Contains("<caption>c2: Shards of run ", html);
        Assert.Contains("<caption>c4: Shards of run ", html);
        // as a run's: only the merged sweep is drawn
        Assert.True(File.Exists(_cli.PathOf("sweep", "shards", "shard-0", "sweep.json")));
        Assert.False(File.Exists(_cli.PathOf("sweep", "shards", "shard-0", "report.html")));
    }

    [Fact]
    public async Task A_sweep_over_two_processes_with_no_report_draws_neither_the_merged_sweep_nor_its_shards()
    {
        // given
        await using var server = await StartServerAsync(new ConcurrentQueue<string>());

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("sweep", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2", "--level-duration", "1s",
            "--input-tokens", "fixed:24", "--output-tokens", "2", "--server-metrics", "off", "--output-dir", _cli.PathOf("sweep"), "--processes", "2", "--no-report");

        // then
        Assert.True(exitCode == 0, error + output);
        Assert.True(File.Exists(_cli.PathOf("sweep", "sweep.json")));
        Assert.True(File.Exists(_cli.PathOf("sweep", "c2", "shards.md")));
        Assert.False(File.Exists(_cli.PathOf("sweep", "report.html")));
        Assert.False(Directory.Exists(_cli.PathOf("sweep", "charts")));
        Assert.False(File.Exists(_cli.PathOf("sweep", "shards", "shard-1", "report.html")));
    }

    public void Dispose() => _cli.Dispose();
}
