using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Reporting;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Issue 12, request mix: <c>--model a:3,b:1</c>, <c>--extra-body</c> and <c>--dataset-mix</c> end to end, through real sockets.</summary>
public sealed class RequestMixTests : IDisposable
{
    private readonly CliHarness _harness = new();

    /// <summary>A streaming server listing <paramref name="models"/> that keeps every request body; an unlisted model gets vLLM's 404.</summary>
    private static Task<LoopbackServer> StartCapturingServerAsync(ConcurrentQueue<JsonObject> bodies, params string[] models) =>
        LoopbackServer.StartAsync(async context =>
        {
            var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            var body = JsonNode.Parse(text)!.AsObject();
            bodies.Enqueue(body);
            if (!models.Contains((string?)body["model"]))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync($"{{\"object\":\"error\",\"message\":\"The model `{body["model"]}` does not exist.\"}}", context.RequestAborted);
                return;
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.ChatChunk(" there") + SseScript.FinishChunk() + SseScript.Done);
        }, models: models);

    [Fact]
    public async Task A_model_mix_names_each_model_by_weight_in_bodies_and_records_and_splits_the_summary()
    {
        // given
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await StartCapturingServerAsync(bodies, "base", "lora-sql");
        var output = _harness.PathOf("out");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--model", "base:3,lora-sql:1",
            "--num-requests", "400", "--concurrency", "8", "--seed", "3", "--output-dir", output);

        // then one pre-flight per model, then about 3 requests to base for 1 to lora-sql
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(402, bodies.Count);
        var records = RecordReader.ReadFile(Path.Combine(output, "requests.jsonl")).Records;
        var recordModels = records.GroupBy(r => r.Model!).ToDictionary(g => g.Key, g => g.Count());
        var bodyModels = bodies.GroupBy(b => (string)b["model"]!).ToDictionary(g => g.Key, g => g.Count() - 1);
        Assert.Equal(bodyModels, recordModels);
        Assert.InRange(recordModels["base"] / 400.0, 0.68, 0.82);
        Assert.DoesNotContain("not among the models", run.Error);
        Assert.Contains("all models", run.Out);
        Assert.Contains("lora-sql", run.Out);
    }

    [Fact]
    public async Task By_model_in_summary_json_matches_a_recomputation_per_model_from_requests_jsonl()
    {
        // given
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await StartCapturingServerAsync(bodies, "a", "b");
        var output = _harness.PathOf("out");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--model", "a,b",
            "--num-requests", "60", "--concurrency", "4", "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var records = RecordReader.ReadFile(Path.Combine(output, "requests.jsonl")).Records;
        var byModel = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["by_model"]!.AsObject();
        Assert.Equal(["a", "b"], byModel.Select(model => model.Key));
        ByModelCheck.MatchesRecords(byModel, records, concurrency: 4);
    }

    [Fact]
    public async Task The_pre_flight_checks_every_model_of_a_mix()
    {
        // given
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await StartCapturingServerAsync(bodies, "a", "b");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--model", "a:3,typo:1",
            "--num-requests", "5", "--output-dir", _harness.PathOf("out"));

        // then
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("model \"typo\" is not served by", run.Error);
        Assert.Single(run.ErrorLines, line => line.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_embedded_simulator_serves_every_model_of_a_mix()
    {
        // given
        var output = _harness.PathOf("out");

        // when
        var run = await CliRun.InvokeAsync("run", "--sim-profile", "tiny", "--model", "base:3,adapter:1", "--num-requests", "40",
            "--concurrency", "4", "--output-tokens", "4", "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("not among the models", run.Error);
        var records = RecordReader.ReadFile(Path.Combine(output, "requests.jsonl")).Records;
        Assert.Equal(["adapter", "base"], records.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task Extra_body_fields_reach_every_request_from_the_flag_or_a_file()
    {
        // given
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await StartCapturingServerAsync(bodies, "m");
        var file = _harness.Write("extra.json", """{"response_format": {"type": "json_object"}}""");

        // when
        var inline = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--extra-body", """{"top_k": 20}""",
            "--num-requests", "3", "--concurrency", "1", "--output-dir", _harness.PathOf("inline"));
        var inlineBodies = bodies.ToArray();
        bodies.Clear();
        var fromFile = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--extra-body", "@" + file,
            "--num-requests", "3", "--concurrency", "1", "--output-dir", _harness.PathOf("file"));

        // then
        Assert.True(inline.ExitCode == 0, inline.Error);
        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.Equal(4, inlineBodies.Length);
        Assert.All(inlineBodies, body => Assert.Equal(20, (int)body["top_k"]!));
        Assert.All(bodies, body => Assert.Equal("json_object", (string)body["response_format"]!["type"]!));
    }

    [Theory]
    [InlineData("""{"max_tokens": 5}""", "error: --extra-body sets \"max_tokens\", which llmload sets itself; drop it or pass --extra-body-override to send yours instead.")]
    [InlineData("""{"model": "x", "stream": false}""", "error: --extra-body sets \"model\", \"stream\", which llmload sets itself; drop them or pass --extra-body-override to send yours instead.")]
    [InlineData("""{"top_k": """, "error: --extra-body is not valid JSON:")]
    [InlineData("@/nonexistent/extra.json", "error: --extra-body file \"/nonexistent/extra.json\" cannot be read:")]
    public async Task A_bad_extra_body_is_one_line_and_exit_2_before_anything_is_sent(string value, string expectedStart)
    {
        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", "http://127.0.0.1:1", "--extra-body", value, "--output-dir", _harness.PathOf("out"));

        // then
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expectedStart, Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task With_override_the_extra_body_replaces_llmloads_own_field()
    {
        // given
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await StartCapturingServerAsync(bodies, "m");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--extra-body", """{"max_tokens": 7}""", "--extra-body-override",
            "--num-requests", "2", "--concurrency", "1", "--output-dir", _harness.PathOf("out"));

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All(bodies, body => Assert.Equal(7, (int)body["max_tokens"]!));
        Assert.All(bodies, body => Assert.False(body.ContainsKey("max_completion_tokens")));
    }

    [Fact]
    public async Task A_dataset_mix_records_each_requests_source()
    {
        // given
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await StartCapturingServerAsync(bodies, "m");
        var prompts = _harness.Write("prompts.jsonl", """{"prompt": "Name three prime numbers."}""" + "\n");
        var output = _harness.PathOf("out");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--dataset-mix", $"synthetic:1,jsonl:{prompts}:1",
            "--num-requests", "40", "--concurrency", "2", "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var records = RecordReader.ReadFile(Path.Combine(output, "requests.jsonl")).Records;
        Assert.Equal(["jsonl:" + prompts, "synthetic"], records.Select(r => r.Dataset).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(records.Count(r => r.Dataset!.StartsWith("jsonl:", StringComparison.Ordinal)),
            bodies.Skip(1).Count(body => body["messages"]![0]!["content"]!.ToString() == "Name three prime numbers."));
    }

    public void Dispose() => _harness.Dispose();
}
