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
    }

    public void Dispose() => _cli.Dispose();
}
