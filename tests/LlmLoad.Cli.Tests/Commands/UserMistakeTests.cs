using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Mistakes a user makes with otherwise valid flags: each is one line naming the problem and the fix, with
/// exit code 2 (bad input) or 3 (an endpoint that cannot be reached), never "internal error". Every address
/// a test sends to is on 127.0.0.1; an address outside this machine is only bound to, which fails.
/// </summary>
public sealed class UserMistakeTests : IDisposable
{
    private readonly CliHarness _cli = new();

    /// <summary>A loopback port nothing listens on: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void AssertOneError(CliRun run, int exitCode, string expectedLine)
    {
        Assert.True(exitCode == run.ExitCode, $"exit code {run.ExitCode}: {run.Error}");
        Assert.Equal(["error: " + expectedLine], run.ErrorLines.Where(line => line.StartsWith("error: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("internal error", run.Error);
    }

    [Fact]
    public async Task Serve_refuses_a_port_above_65535()
    {
        // when
        var run = await CliRun.InvokeAsync("serve", "--port", "99999");

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: --port \"99999\" must be a whole number from 0 to 65535."], run.ErrorLines);
    }

    [Fact]
    public async Task Serve_on_an_address_this_machine_does_not_have_says_it_cannot_bind()
    {
        // given an address from the documentation range (RFC 5737): never this machine's, and only bound to
        // when
        var run = await CliRun.InvokeAsync("serve", "--host", "192.0.2.1", "--port", "0");

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: cannot listen on 192.0.2.1:0: ", line);
        Assert.EndsWith("--host must be an address of this machine (127.0.0.1, or 0.0.0.0 for every interface).", line);
    }

    [Fact]
    public async Task Sweep_refuses_a_reset_command_that_does_not_exist_before_anything_runs()
    {
        // when
        var run = await CliRun.InvokeAsync("sweep", "--sim-profile", "tiny", "--concurrency", "1", "--requests-per-level", "2",
            "--reset-cmd", "/nonexistent/cmd --flag", "--output-dir", _cli.PathOf("sweep"));

        // then
        AssertOneError(run, ExitCodes.InvalidInput,
            "--reset-cmd: program \"/nonexistent/cmd\" not found; give its full path or a program on PATH (or pass --reset-shell to run the text through /bin/sh).");
        Assert.False(Directory.Exists(_cli.PathOf("sweep")));
    }

    [Fact]
    public async Task Sweep_with_a_reset_url_that_refuses_connections_is_an_unreachable_endpoint()
    {
        // given
        var port = ClosedPort();

        // when
        var run = await CliRun.InvokeAsync("sweep", "--sim-profile", "tiny", "--concurrency", "1", "--requests-per-level", "2",
            "--output-tokens", "4", "--reset-url", $"http://127.0.0.1:{port}/reset", "--output-dir", _cli.PathOf("sweep"));

        // then
        Assert.Equal(ExitCodes.EndpointUnusable, run.ExitCode);
        var line = Assert.Single(run.ErrorLines, line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: --reset-url http://127.0.0.1:{port}/reset cannot be reached: ", line);
        Assert.EndsWith("Check the URL and that the reset service is running.", line);
    }

    [Fact]
    public async Task Compare_refuses_an_output_dir_it_cannot_create()
    {
        // given two saved runs, and an output path below a file (no user, root included, can create it)
        string[] runs = [_cli.PathOf("a"), _cli.PathOf("b")];
        foreach (var dir in runs)
        {
            var saved = await CliRun.InvokeAsync("run", "--sim-profile", "tiny", "--concurrency", "2", "--num-requests", "4",
                "--output-tokens", "4", "--output-dir", dir);
            Assert.True(saved.ExitCode == ExitCodes.Success, saved.Error);
        }
        var blocker = _cli.Write("not-a-dir", "a file");
        var output = Path.Combine(blocker, "compare");

        // when
        var run = await CliRun.InvokeAsync("compare", runs[0], runs[1], "--output-dir", output);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: --output-dir \"{output}\" cannot be created (", line);
        Assert.EndsWith("); choose a directory you can write to.", line);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Run_refuses_an_output_dir_below_a_file_before_anything_is_sent()
    {
        // given
        var blocker = _cli.Write("not-a-dir", "a file");
        var output = Path.Combine(blocker, "run", "out");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", "http://127.0.0.1:1", "--output-dir", output);

        // then
        AssertOneError(run, ExitCodes.InvalidInput, $"--output-dir \"{output}\" cannot be created: \"{blocker}\" is a file; choose a directory.");
    }

    [Fact]
    public async Task A_label_too_long_for_a_directory_name_is_refused()
    {
        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", "http://127.0.0.1:1", "--label", new string('x', 300));

        // then
        AssertOneError(run, ExitCodes.InvalidInput, "--label is 300 characters long; keep it to 100 or fewer (it names the result directory).");
    }

    public static TheoryData<string[], string> RefusedCombinations => new()
    {
        { ["--num-requests", "50", "--duration", "10s"], "--num-requests and --duration both set how long the run lasts; give one of them." },
        { ["--arrival", "constant"], "--arrival shapes the open loop's arrivals and needs --rate; add --rate N (requests per second) or drop --arrival." },
        { ["--sim-profile", "tiny", "--base-url", "http://127.0.0.1:1"], "--sim-profile picks the embedded simulator, which --base-url replaces; give one of them." },
        { ["--base-url", "http://127.0.0.1:1/?api-version=2"], "--base-url \"http://127.0.0.1:1/?api-version=2\" has a query string, which llmload would not send; give the server root without \"?...\" (send gateway parameters with --header)." },
        { ["--base-url", "http://127.0.0.1:1/v1/chat/completions"], "--base-url \"http://127.0.0.1:1/v1/chat/completions\" names the request path; give the server root, e.g. http://127.0.0.1:1 (llmload adds /v1/chat/completions, /v1/completions, /v1/responses or /v1/messages per --api)." },
        { ["--base-url", "http://127.0.0.1:1/v1/completions/"], "--base-url \"http://127.0.0.1:1/v1/completions/\" names the request path; give the server root, e.g. http://127.0.0.1:1 (llmload adds /v1/chat/completions, /v1/completions, /v1/responses or /v1/messages per --api)." },
    };

    [Theory]
    [MemberData(nameof(RefusedCombinations))]
    public async Task A_flag_that_would_be_silently_ignored_is_refused(string[] flags, string expectedLine)
    {
        // given a closed port unless the case names its own --base-url
        string[] baseUrl = flags.Contains("--base-url") ? [] : ["--base-url", "http://127.0.0.1:1"];

        // when
        var run = await CliRun.InvokeAsync(["run", .. baseUrl, "--output-dir", _cli.PathOf("out"), .. flags]);

        // then
        AssertOneError(run, ExitCodes.InvalidInput, expectedLine);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_dataset_path_that_is_a_directory_says_so()
    {
        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", "http://127.0.0.1:1", "--dataset", "jsonl:" + _cli.Directory,
            "--output-dir", _cli.PathOf("out"));

        // then
        AssertOneError(run, ExitCodes.InvalidInput, $"{_cli.Directory} is a directory; give the dataset file.");
    }

    [Fact]
    public async Task Empty_prompts_are_skipped_and_counted_never_sent()
    {
        // given a dataset with two empty prompts among three, and a server that keeps every prompt it gets
        var dataset = _cli.Write("prompts.jsonl",
            "{\"prompt\": \"hello there\"}\n{\"prompt\": \"\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \" \"}]}\n{\"prompt\": \"and again\"}\n");
        var prompts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            prompts.Enqueue(body.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!);
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk("hi") + SseScript.FinishChunk() + SseScript.UsageChunk(3, 1) + SseScript.Done);
        });

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--dataset", "jsonl:" + dataset,
            "--concurrency", "1", "--num-requests", "4", "--output-dir", _cli.PathOf("out"));

        // then
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"warning: {dataset}: skipped 2 lines with an empty prompt (lines 2, 3).", run.ErrorLines);
        Assert.Equal(5, prompts.Count); // the pre-flight and four measured requests
        Assert.All(prompts, prompt => Assert.False(string.IsNullOrWhiteSpace(prompt)));
    }

    [Fact]
    public async Task A_dataset_of_empty_prompts_only_is_refused()
    {
        // given
        var dataset = _cli.Write("empty-prompts.jsonl", "{\"prompt\": \"\"}\n{\"prompt\": \"  \"}\n");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", "http://127.0.0.1:1", "--dataset", "jsonl:" + dataset, "--output-dir", _cli.PathOf("out"));

        // then
        AssertOneError(run, ExitCodes.InvalidInput, $"{dataset}: every prompt is empty (2 lines); give prompts with text.");
    }

    [Fact]
    public async Task Report_counts_duplicated_records_warns_and_keeps_one_per_request()
    {
        // given a run whose records file was appended to itself
        var dir = _cli.PathOf("run");
        var saved = await CliRun.InvokeAsync("run", "--sim-profile", "tiny", "--concurrency", "2", "--num-requests", "6",
            "--output-tokens", "4", "--output-dir", dir);
        Assert.True(saved.ExitCode == ExitCodes.Success, saved.Error);
        var records = Path.Combine(dir, "requests.jsonl");
        File.AppendAllText(records, File.ReadAllText(records));

        // when
        var run = await CliRun.InvokeAsync("report", dir);

        // then
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal([$"warning: {records}: 6 records repeat the request index of an earlier one; the first record of each index is kept."], run.ErrorLines);
        Assert.Contains("Successful requests:                     6        ", run.Out);
    }

    [Fact]
    public async Task A_model_the_server_does_not_list_is_warned_about()
    {
        // given a server that lists "listed-model" and answers any name
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk("hi") + SseScript.FinishChunk() + SseScript.UsageChunk(3, 1) + SseScript.Done);
        }, model: "listed-model");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--model", "alias-model",
            "--concurrency", "1", "--num-requests", "2", "--output-dir", _cli.PathOf("out"));

        // then
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"warning: --model \"alias-model\" is not among the models {server.BaseUrl}v1/models lists (listed-model); the server answered it anyway, so check the results are for the model you meant.",
            run.ErrorLines);
    }

    /// <summary>A server that answers the one-token pre-flight and fails every longer request with HTTP 500.</summary>
    private static Task<LoopbackServer> StartServerFailingAfterPreflightAsync() => LoopbackServer.StartAsync(async context =>
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        if (body.RootElement.GetProperty("max_completion_tokens").GetInt32() > 1)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"engine died\"}}");
            return;
        }
        await SseScript.StartStreamAsync(context);
        await SseScript.WriteAsync(context, SseScript.ChatChunk("hi") + SseScript.FinishChunk() + SseScript.UsageChunk(3, 1) + SseScript.Done);
    });

    [Fact]
    public async Task A_run_where_every_request_failed_exits_with_its_own_code()
    {
        // given
        await using var server = await StartServerFailingAfterPreflightAsync();

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "1", "--num-requests", "3",
            "--output-tokens", "8", "--output-dir", _cli.PathOf("out"));

        // then
        Assert.Equal(ExitCodes.AllRequestsFailed, run.ExitCode);
        Assert.Contains("error: all 3 measured requests failed; see the error classes above and requests.jsonl.", run.ErrorLines);
        Assert.True(File.Exists(_cli.PathOf("out", "summary.json")));
    }

    [Fact]
    public async Task A_sweep_where_every_request_of_every_level_failed_exits_with_its_own_code()
    {
        // given
        await using var server = await StartServerFailingAfterPreflightAsync();

        // when
        var run = await CliRun.InvokeAsync("sweep", "--base-url", server.BaseUrl.ToString(), "--concurrency", "1,2", "--requests-per-level", "2",
            "--output-tokens", "8", "--output-dir", _cli.PathOf("sweep"));

        // then
        Assert.Equal(ExitCodes.AllRequestsFailed, run.ExitCode);
        Assert.Equal("error: every measured request of every level failed; each level's requests.jsonl has the error classes.", run.ErrorLines[^1]);
        Assert.True(File.Exists(_cli.PathOf("sweep", "sweep.json")));
    }

    [Fact]
    public async Task The_pace_warning_names_the_concurrency_cap_when_the_cap_held_the_open_loop_back()
    {
        // given a server that takes 50 ms per request, asked for 200 req/s with at most one in flight
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), context.RequestAborted);
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk("hi") + SseScript.FinishChunk() + SseScript.UsageChunk(3, 1) + SseScript.Done);
        });

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--rate", "200", "--arrival", "constant",
            "--concurrency", "1", "--num-requests", "10", "--output-dir", _cli.PathOf("out"));

        // then
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var warning = Assert.Single(run.ErrorLines, line => line.Contains("arrival schedule", StringComparison.Ordinal));
        Assert.StartsWith("warning: the --concurrency cap of 1 held the open loop behind its arrival schedule: ", warning);
        Assert.EndsWith("raise or drop --concurrency to offer the full rate.", warning);
    }

    [Fact]
    public async Task Simulate_prints_a_line_per_level_as_it_finishes()
    {
        // when
        var run = await CliRun.InvokeAsync("simulate", "--profile", "tiny", "--concurrency", "1,2,4", "--output-tokens", "8");

        // then
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var progress = run.ErrorLines.Where(line => line.StartsWith("simulated c=", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, progress.Length);
        Assert.Equal(["1 of 3", "2 of 3", "3 of 3"], progress.Select(line => line[(line.IndexOf('(') + 1)..line.IndexOf(" levels)", StringComparison.Ordinal)]));
    }

    public void Dispose() => _cli.Dispose();
}
