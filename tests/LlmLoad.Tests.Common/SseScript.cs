using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Tests.Common;

/// <summary>Helpers that write OpenAI-style SSE the way the tests script it, paced against absolute deadlines.</summary>
public static class SseScript
{
    public static string ChatChunk(string content) =>
        "data: " + JsonSerializer.Serialize(new
        {
            id = "c1",
            @object = "chat.completion.chunk",
            choices = new[] { new { index = 0, delta = new { content }, finish_reason = (string?)null } },
        }) + "\n\n";

    public static string FinishChunk(string reason = "length") =>
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}\n\n";

    public static string UsageChunk(int promptTokens, int completionTokens) =>
        $"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{{\"prompt_tokens\":{promptTokens},\"completion_tokens\":{completionTokens},\"total_tokens\":{promptTokens + completionTokens}}}}}\n\n";

    public const string Done = "data: [DONE]\n\n";

    public static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteAsync(HttpContext context, string text)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Waits until <paramref name="due"/> after <paramref name="start"/>: sleep most of the way, spin the last millisecond.</summary>
    public static async Task WaitUntilAsync(long start, TimeSpan due, CancellationToken cancellationToken)
    {
        while (true)
        {
            var left = due - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            if (left > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(left - TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            else
            {
                Thread.SpinWait(100);
            }
        }
    }
}
