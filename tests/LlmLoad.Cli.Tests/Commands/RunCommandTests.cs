using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-cli-{Guid.NewGuid():N}");

    private static async Task<(int ExitCode, string Out, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LlmLoadCli.InvokeAsync(args, new CliContext(output, error, TimeProvider.System));
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A fast endpoint: 20 ms to the first token, then 5 tokens 5 ms apart, usage and [DONE].</summary>
    private static Task<LoopbackServer> StartPacedServerAsync() => LoopbackServer.StartAsync(async context =>
    {
        var start = Stopwatch.GetTimestamp();
        await SseScript.StartStreamAsync(context);
        for (var i = 0; i < 5; i++)
        {
            await SseScript.WaitUntilAsync(start, TimeSpan.FromMilliseconds(20 + 5 * i), context.RequestAborted);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" word"));
        }
        await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(10, 5) + SseScript.Done);
    }, model: "paced-model");

    [Fact]
    public async Task A_run_prints_the_throughput_and_latency_tables_and_result_block_and_writes_every_record()
    {
        // given
        await using var server = await StartPacedServerAsync();

        // when
        var (exitCode, output, error) = await RunCliAsync("run", "--base-url", server.BaseUrl.ToString(),
            "--concurrency", "4", "--num-requests", "40", "--warmup", "4", "--output-tokens", "5", "--output-dir", _outputDir);

        // then
        Assert.True(exitCode == 0, error);
        Assert.Contains("Requests/s", output);
        Assert.Contains("Mean TTFT (ms)", output);
        Assert.Contains("Serving Benchmark Result", output);
        Assert.Contains("paced-model", output);
        var records = RecordReader.ReadFile(Path.Combine(_outputDir, "requests.jsonl")).Records;
        Assert.Equal(44, records.Count);
        Assert.Equal(4, records.Count(record => record.Warmup));
        Assert.All(records, record => Assert.Equal(RequestOutcome.Ok, record.Outcome));
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_outputDir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(40, root.GetProperty("completed").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(200, root.GetProperty("total_output_tokens").GetInt32());
        // at least the server's 20 ms; the upper bound holds with both cores busy (precision is measured in bench/)
        Assert.InRange(root.GetProperty("mean_ttft_ms").GetDouble(), 18, 500);
        Assert.Equal("paced-model", root.GetProperty("config").GetProperty("model").GetString());
        Assert.Equal(4, root.GetProperty("max_concurrency").GetInt32());
    }

    [Fact]
    public async Task The_api_key_is_sent_but_never_written_to_a_file_or_the_output()
    {
        // given a server that records the Authorization header it received
        const string secret = "sk-test-do-not-leak-0123456789";
        var seen = "";
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            seen = context.Request.Headers.Authorization.ToString();
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
        });
        Environment.SetEnvironmentVariable("LLMLOAD_TEST_KEY", secret);

        // when
        var (exitCode, output, error) = await RunCliAsync("run", "--base-url", server.BaseUrl.ToString(), "--api-key-env", "LLMLOAD_TEST_KEY",
            "--header", "X-Api-Token: also-secret", "--num-requests", "3", "--concurrency", "1", "--output-dir", _outputDir);

        // then
        Assert.True(exitCode == 0, error);
        Assert.Equal("Bearer " + secret, seen);
        foreach (var file in Directory.GetFiles(_outputDir))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain("also-secret", text);
        }
        Assert.DoesNotContain(secret, output + error);
    }

    [Fact]
    public async Task Every_invalid_flag_is_reported_at_once_with_exit_code_2()
    {
        // when
        var (exitCode, output, error) = await RunCliAsync("run", "--base-url", "ftp://x", "--concurrency", "0",
            "--input-tokens", "abc", "--arrival", "weird", "--rate", "-3");

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("", output);
        var lines = error.Trim().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        Assert.Contains("error: --concurrency \"0\" must be a whole number of at least 1.", lines);
        Assert.Contains("error: --rate \"-3\" must be a number greater than 0.", lines);
        Assert.Contains("error: --arrival \"weird\" must be poisson, constant or gamma:SHAPE (SHAPE > 0).", lines);
        Assert.Contains("error: --base-url \"ftp://x\" must be an http:// or https:// URL with a host, e.g. http://localhost:8000.", lines);
        Assert.Contains(lines, line => line.StartsWith("error: --input-tokens \"abc\" must be MIN:MAX, fixed:N", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task An_output_directory_with_results_in_it_is_refused_unless_overwrite_is_given()
    {
        // given
        Directory.CreateDirectory(_outputDir);
        File.WriteAllText(Path.Combine(_outputDir, "requests.jsonl"), "earlier run\n");

        // when
        var (exitCode, _, error) = await RunCliAsync("run", "--base-url", "http://127.0.0.1:1", "--output-dir", _outputDir);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal($"error: --output-dir \"{_outputDir}\" exists and is not empty; choose another directory or pass --overwrite.", error.Trim());
    }

    [Fact]
    public async Task A_bad_base_url_is_one_line_naming_the_fix()
    {
        // when
        var (exitCode, _, error) = await RunCliAsync("run", "--base-url", "ftp://x");

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("error: --base-url \"ftp://x\" must be an http:// or https:// URL with a host, e.g. http://localhost:8000.", error.Trim());
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_fast_with_exit_code_3()
    {
        // given a port with no listener
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // when
        var (exitCode, _, error) = await RunCliAsync("run", "--base-url", $"http://127.0.0.1:{port}", "--output-dir", _outputDir);

        // then
        Assert.Equal(ExitCodes.EndpointUnusable, exitCode);
        Assert.StartsWith($"error: cannot reach http://127.0.0.1:{port}/", error);
        Assert.EndsWith("Check --base-url and that the server is running.", error.Trim());
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(_outputDir));
    }

    [Fact]
    public async Task A_model_the_server_does_not_serve_is_named_with_the_ones_it_does()
    {
        // given a server that knows only "real-model" and answers 404 for anything else
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"The model `nope` does not exist.\"}}");
        }, model: "real-model");

        // when
        var (exitCode, _, error) = await RunCliAsync("run", "--base-url", server.BaseUrl.ToString(), "--model", "nope", "--output-dir", _outputDir);

        // then
        Assert.Equal(ExitCodes.EndpointUnusable, exitCode);
        Assert.Equal($"error: model \"nope\" is not served by {server.BaseUrl}; it serves: real-model. Pass one of them with --model.", error.Trim());
    }

    [Fact]
    public async Task A_malformed_dataset_line_is_named_before_anything_is_sent()
    {
        // given a JSONL file whose second line is broken, and no server at all
        Directory.CreateDirectory(_outputDir);
        var dataset = Path.Combine(_outputDir, "prompts.jsonl");
        File.WriteAllText(dataset, "{\"prompt\": \"hello there\"}\n{\"prompt\": 12}\n");

        // when
        var (exitCode, _, error) = await RunCliAsync("run", "--base-url", "http://127.0.0.1:1", "--dataset", "jsonl:" + dataset,
            "--output-dir", Path.Combine(_outputDir, "out"));

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.StartsWith($"error: {dataset} line 2:", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_refused_api_key_is_named_with_the_variable_to_set()
    {
        // given a server that refuses every request
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"bad key\"}}");
        });

        // when
        var (exitCode, _, error) = await RunCliAsync("run", "--base-url", server.BaseUrl.ToString(), "--model", "m", "--output-dir", _outputDir);

        // then
        Assert.Equal(ExitCodes.EndpointUnusable, exitCode);
        Assert.Equal("error: the endpoint refused the API key (HTTP 401). Put the key in an environment variable and name it with --api-key-env (default OPENAI_API_KEY).", error.Trim());
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
