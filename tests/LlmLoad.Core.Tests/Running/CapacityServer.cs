using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A loopback server with a known capacity: up to <c>sharedBeyond</c> streams each get a token every
/// <c>tokenMs</c>; beyond that the streams share that rate (processor sharing), so the server makes
/// <c>sharedBeyond / tokenMs</c> tokens per ms whatever the load; beyond <c>rejectBeyond</c> streams in
/// flight, a request is refused with 503. Output lengths follow <c>lengths</c> in turn, by arrival.
/// </summary>
internal static class CapacityServer
{
    public static Task<LoopbackServer> StartAsync(int sharedBeyond, int rejectBeyond, double tokenMs = 5, IReadOnlyList<int>? lengths = null)
    {
        lengths ??= [20];
        var inFlight = 0;
        var arrivals = -1;
        return LoopbackServer.StartAsync(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            var length = lengths[(int)((uint)Interlocked.Increment(ref arrivals) % (uint)lengths.Count)];
            try
            {
                if (now > rejectBeyond)
                {
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("{\"error\":{\"message\":\"over capacity\"}}");
                    return;
                }
                await SseScript.StartStreamAsync(context);
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var dueMs = 0.0;
                for (var i = 0; i < length; i++)
                {
                    // deadlines, not chained delays: timer overshoot must not lower the modelled capacity
                    dueMs += tokenMs * Math.Max(1.0, (double)Volatile.Read(ref inFlight) / sharedBeyond);
                    var waitMs = dueMs - System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (waitMs > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(waitMs), context.RequestAborted);
                    }
                    await SseScript.WriteAsync(context, SseScript.ChatChunk(" tok"));
                }
                await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(4, length) + SseScript.Done);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
    }
}
