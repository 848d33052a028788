using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Support;

/// <summary>A loopback server for stopping runs mid-way: some requests finish, the rest hang until the client lets go.</summary>
internal static class HangingServer
{
    /// <summary>
    /// A server whose pre-flight and first <paramref name="finished"/> measured requests complete at once, and
    /// whose later requests stream one token and then hang; <paramref name="allHanging"/> completes when
    /// <paramref name="hanging"/> of them are open.
    /// </summary>
    public static Task<LoopbackServer> StartAsync(int finished, int hanging, TaskCompletionSource allHanging, TaskCompletionSource? preflightArrived = null)
    {
        var measured = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            var isPreflight = body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal);
            if (isPreflight && preflightArrived is not null)
            {
                preflightArrived.TrySetResult();
                await HangAsync(context);
                return;
            }
            await SseScript.StartStreamAsync(context);
            if (isPreflight || Interlocked.Increment(ref measured) <= finished)
            {
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" done") + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" never finishes"));
            if (Volatile.Read(ref measured) == finished + hanging)
            {
                allHanging.TrySetResult();
            }
            await HangAsync(context);
        });
    }

    /// <summary>Keeps the response open until the client goes away.</summary>
    public static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
