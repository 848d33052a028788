using System.IO.Compression;
using System.Text;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>
/// The hostile-server faults of issue 6 as Kestrel responses, each with the class docs/errors.md
/// assigns it. Shared by the one-request tests (<see cref="FaultMatrixTests"/>) and the mixed run
/// (<see cref="FaultMatrixRunTests"/>), so both check the same table.
/// </summary>
internal static class FaultMatrix
{
    /// <summary>
    /// One way to misbehave and what it must be recorded as. <paramref name="ResetMayHideStatus"/>: the
    /// fault ends in a reset, which discards what the client had not read yet, possibly the headers too.
    /// </summary>
    public sealed record Fault(string Name, RequestOutcome Expected, int? HttpStatus, RequestDelegate Respond, bool ResetMayHideStatus = false);

    /// <summary>Deadlines short enough that the timeout faults take a second or two, long enough for a busy 2-core machine.</summary>
    public static EndpointOptions WithTestTimeouts(EndpointOptions endpoint) => endpoint with
    {
        TtftTimeout = TimeSpan.FromSeconds(1),
        IdleTimeout = TimeSpan.FromSeconds(1),
        TotalTimeout = TimeSpan.FromSeconds(2.5),
    };

    public static IReadOnlyList<Fault> All { get; } =
    [
        new("ok", RequestOutcome.Ok, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" a") + SseScript.ChatChunk(" b") + SseScript.FinishChunk() + SseScript.UsageChunk(3, 2) + SseScript.Done);
        }),
        new("reset_before_headers", RequestOutcome.StreamTruncated, null, context =>
        {
            context.Abort();
            return Task.CompletedTask;
        }),
        new("reset_mid_stream", RequestOutcome.StreamTruncated, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" partial"));
            context.Abort();
        }, ResetMayHideStatus: true),
        new("headers_then_silence", RequestOutcome.TimeoutTtft, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await WaitForClientToLeaveAsync(context);
        }),
        new("token_then_silence", RequestOutcome.TimeoutIdle, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" first"));
            await WaitForClientToLeaveAsync(context);
        }),
        new("endless_stream", RequestOutcome.TimeoutTotal, 200, async context =>
        {
            // a token every 5 ms, never a finish: neither the TTFT nor the idle deadline can fire
            await SseScript.StartStreamAsync(context);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" more"));
                await Task.Delay(5, context.RequestAborted);
            }
        }),
        new("huge_line", RequestOutcome.MalformedEvent, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, "data: ");
            await WriteEndlessLineAsync(context, maxBytes: 4 * RequestExecutor.MaxSseLineBytes);
        }),
        new("invalid_utf8", RequestOutcome.MalformedEvent, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" fine"));
            // 0xC3 0x28 is an invalid two-byte sequence, inside the content string
            byte[] chunk = [.. "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bad "u8, 0xC3, 0x28, .. "\"}}]}\n\n"u8];
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.Done);
        }),
        new("non_json_data", RequestOutcome.MalformedEvent, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" fine") + "data: this is not json\n\n" + SseScript.Done);
        }),
        new("json_missing_fields", RequestOutcome.MalformedEvent, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\"}\n\n" + SseScript.Done);
        }),
        new("choices_without_delta", RequestOutcome.EmptyOutput, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, "data: {\"choices\":[{\"index\":0}]}\n\n" + SseScript.FinishChunk("stop") + SseScript.Done);
        }),
        new("error_event_in_stream", RequestOutcome.HttpStatus, 500, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" a") + "data: {\"error\":{\"message\":\"engine died\",\"code\":500}}\n\n");
        }),
        new("error_event_without_code", RequestOutcome.HttpStatus, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, "data: {\"error\":{\"message\":\"out of memory\",\"type\":\"server_error\"}}\n\n");
        }),
        new("json_error_body_with_200", RequestOutcome.HttpStatus, 200, async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}", context.RequestAborted);
        }),
        new("text_plain_when_streaming", RequestOutcome.MalformedEvent, 200, async context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Hello! I am a plain text answer.", context.RequestAborted);
        }),
        new("json_completion_when_streaming", RequestOutcome.NotStreamed, 200, async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\" a b\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}", context.RequestAborted);
        }),
        new("gzip_not_asked", RequestOutcome.MalformedEvent, 200, async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(Gzip(SseScript.ChatChunk(" a") + SseScript.FinishChunk() + SseScript.Done), context.RequestAborted);
        }),
        new("status_429_retry_after", RequestOutcome.HttpStatus, 429, async context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "7";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":{\"message\":\"rate limited\"}}", context.RequestAborted);
        }),
        new("status_503", RequestOutcome.HttpStatus, 503, async context =>
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("upstream overloaded", context.RequestAborted);
        }),
        new("no_done_no_finish", RequestOutcome.StreamTruncated, 200, async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" cut"));
        }),
    ];

    public static Fault Named(string name) => All.Single(fault => fault.Name == name);

    /// <summary>Holds the response open until the client gives up (its timeout fires and it disconnects).</summary>
    public static async Task WaitForClientToLeaveAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes 'x' without a newline until the client leaves or <paramref name="maxBytes"/> are out; returns the bytes written.</summary>
    public static async Task<long> WriteEndlessLineAsync(HttpContext context, long maxBytes)
    {
        // one block written again and again: the server itself allocates nothing per write
        var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        long written = 0;
        try
        {
            while (written < maxBytes && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(block, context.RequestAborted);
                written += block.Length;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
        }
        return written;
    }

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return compressed.ToArray();
    }
}
