using System.Diagnostics;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using LlmLoad.Tests.Common;
using LlmLoad.Tests.Support;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>
/// The Responses and Messages streams through <see cref="RequestExecutor"/> over a real loopback socket: TTFT is the first
/// text delta (not the opening events), counts come from usage or the tokenizer, and every error class of docs/errors.md
/// still applies (malformed event, error event mid-stream, a stream cut before its last event).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class TypedEventStreamExecutorTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    /// <summary>Each API's events as a server writes them: <c>event:</c> line, <c>data:</c> line, blank line.</summary>
    private sealed record Script(EndpointApi Api, string[] Opening, Func<string, string> Delta, string[] Closing, string ErrorEvent, string MalformedEvent)
    {
        public static Script For(EndpointApi api) => api == EndpointApi.Responses ? Responses : Messages;

        private static readonly Script Responses = new(
            EndpointApi.Responses,
            [Event("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[],"usage":null}}"""),
             Event("response.output_item.added", """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}""")],
            text => Event("response.output_text.delta", $$"""{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"{{text}}"}"""),
            [Event("response.output_text.done", """{"type":"response.output_text.done","sequence_number":8,"item_id":"msg_1","output_index":0,"content_index":0,"text":"ignored"}"""),
             Event("response.completed", """{"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","status":"completed","output":[],"usage":{"input_tokens":11,"output_tokens":40,"total_tokens":51}}}""")],
            Event("error", """{"type":"error","code":"server_error","message":"engine died","param":null,"sequence_number":5}"""),
            Event("response.output_text.delta", """{"type":"response.output_text.delta","delta":"""));

        private static readonly Script Messages = new(
            EndpointApi.Messages,
            [Event("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":11,"output_tokens":1}}}"""),
             Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
             Event("ping", """{"type":"ping"}""")],
            text => Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{text}}}"}}"""),
            [Event("content_block_stop", """{"type":"content_block_stop","index":0}"""),
             Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":40}}"""),
             Event("message_stop", """{"type":"message_stop"}""")],
            Event("error", """{"type":"error","error":{"type":"overloaded_error","message":"engine died"}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":"""));

        private static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";
    }

    private static async Task<RequestRecord> RunAsync(EndpointApi api, Func<Script, Microsoft.AspNetCore.Http.HttpContext, Task> play, string? expectedPath = null)
    {
        var script = Script.For(api);
        string? path = null;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            path = context.Request.Path;
            await SseScript.StartStreamAsync(context);
            await play(script, context);
        });
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, Api = api };
        using var client = LoadHttpClientFactory.Create(endpoint, 4);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "test-run");
        var request = new PreparedRequest(1, false, "{\"model\":\"m\"}"u8.ToArray(), PromptTokens: 5, MaxTokens: 10);
        var record = await executor.ExecuteAsync(request, clock.NowMs(), TestContext.Current.CancellationToken);
        Assert.Equal(expectedPath ?? (api == EndpointApi.Responses ? "/v1/responses" : "/v1/messages"), path);
        return record;
    }

    private static async Task WriteAllAsync(Microsoft.AspNetCore.Http.HttpContext context, IEnumerable<string> events)
    {
        foreach (var text in events)
        {
            await SseScript.WriteAsync(context, text);
        }
    }

    [Theory]
    [InlineData(EndpointApi.Responses)]
    [InlineData(EndpointApi.Messages)]
    public async Task Ttft_is_the_first_text_delta_not_the_opening_events_and_counts_come_from_usage(EndpointApi api)
    {
        // given a server that opens the answer at once, sends the first text 120 ms after the request, then 4 more 15 ms apart
        var record = await RunAsync(api, async (script, context) =>
        {
            var start = Stopwatch.GetTimestamp();
            await WriteAllAsync(context, script.Opening);
            for (var i = 0; i < 5; i++)
            {
                await SseScript.WaitUntilAsync(start, TimeSpan.FromMilliseconds(120 + 15 * i), context.RequestAborted);
                await SseScript.WriteAsync(context, script.Delta($" word{i}"));
            }
            await WriteAllAsync(context, script.Closing);
        });

        // then the request is ok, one event time per text delta, TTFT no earlier than the first text, usage counts taken
        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal(5, record.ChunkAtMs.Count);
        Assert.True(record.FirstTokenAtMs - record.SentAtMs >= 115, $"TTFT {record.FirstTokenAtMs - record.SentAtMs:0.0} ms");
        Assert.Equal((11, 40, "usage"), (record.ServerPromptTokens, record.OutputTokens, record.OutputTokensSource));
        Assert.NotNull(record.TokenizerOutputTokens);
        Assert.Equal("stop", record.FinishReason);
    }

    [Theory]
    [InlineData(EndpointApi.Responses)]
    [InlineData(EndpointApi.Messages)]
    public async Task Without_usage_the_output_is_counted_by_the_tokenizer(EndpointApi api)
    {
        var record = await RunAsync(api, (script, context) => WriteAllAsync(context,
            [.. script.Opening, script.Delta(" one"), script.Delta(" two"), script.Delta(" three"),
             api == EndpointApi.Responses ? "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"usage\":null}}\n\n" : "data: {\"type\":\"message_stop\"}\n\n"]));

        Assert.Equal(RequestOutcome.Ok, record.Outcome);
        Assert.Equal((3, "tokenizer"), (record.OutputTokens, record.OutputTokensSource));
    }

    [Theory]
    [InlineData(EndpointApi.Responses)]
    [InlineData(EndpointApi.Messages)]
    public async Task A_malformed_event_mid_stream_is_malformed_event(EndpointApi api)
    {
        var record = await RunAsync(api, (script, context) => WriteAllAsync(context,
            [.. script.Opening, script.Delta(" one"), script.MalformedEvent + "\n\n", script.Delta(" two"), .. script.Closing]));

        Assert.Equal(RequestOutcome.MalformedEvent, record.Outcome);
        Assert.StartsWith("not JSON: ", record.ErrorMessage);
        Assert.Single(record.ChunkAtMs);
    }

    [Theory]
    [InlineData(EndpointApi.Responses)]
    [InlineData(EndpointApi.Messages)]
    public async Task An_error_event_mid_stream_is_http_status_with_its_message(EndpointApi api)
    {
        var record = await RunAsync(api, (script, context) => WriteAllAsync(context,
            [.. script.Opening, script.Delta(" one"), script.ErrorEvent]));

        Assert.Equal(RequestOutcome.HttpStatus, record.Outcome);
        Assert.Equal(200, record.HttpStatus);
        Assert.Equal("error event in stream: engine died", record.ErrorMessage);
    }

    [Fact]
    public async Task A_failed_response_is_http_status_with_its_message()
    {
        var record = await RunAsync(EndpointApi.Responses, (script, context) => WriteAllAsync(context,
            [.. script.Opening, script.Delta(" one"),
             "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"out of memory\"}}}\n\n"]));

        Assert.Equal(RequestOutcome.HttpStatus, record.Outcome);
        Assert.Equal("error event in stream: out of memory", record.ErrorMessage);
    }

    [Theory]
    [InlineData(EndpointApi.Responses, "the stream ended before response.completed")]
    [InlineData(EndpointApi.Messages, "the stream ended before message_stop or a stop_reason")]
    public async Task A_stream_that_ends_before_its_last_event_is_stream_truncated(EndpointApi api, string message)
    {
        var record = await RunAsync(api, (script, context) => WriteAllAsync(context,
            [.. script.Opening, script.Delta(" one"), script.Delta(" two")]));

        Assert.Equal(RequestOutcome.StreamTruncated, record.Outcome);
        Assert.Equal(message, record.ErrorMessage);
        Assert.Equal(2, record.ChunkAtMs.Count);
    }
}
