using System.Diagnostics;
using LlmLoad.Tests.Support;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A loopback server of known capacity: <c>slots</c> requests are served at once, each for exactly <c>serviceMs</c>
/// (one token at the end), and the rest wait in arrival order. Its capacity is <c>slots / serviceMs</c> requests per
/// ms, and with even arrivals the wait of every request, so the highest rate meeting an E2EL SLO, follows by arithmetic.
/// </summary>
internal static class SlotServer
{
    public static Task<LoopbackServer> StartAsync(int slots, double serviceMs)
    {
        // SemaphoreSlim queues asynchronous waiters first in, first out
        var free = new SemaphoreSlim(slots, slots);
        return LoopbackServer.StartAsync(async context =>
        {
            await free.WaitAsync(context.RequestAborted);
            try
            {
                var start = Stopwatch.GetTimestamp();
                await SseScript.StartStreamAsync(context);
                // a deadline from the slot's start, so timer overshoot does not stretch the service time
                await SseScript.WaitUntilAsync(start, TimeSpan.FromMilliseconds(serviceMs), context.RequestAborted);
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" tok") + SseScript.FinishChunk() + SseScript.UsageChunk(4, 1) + SseScript.Done);
            }
            finally
            {
                free.Release();
            }
        });
    }
}
