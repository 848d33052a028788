using System.Diagnostics;
using LlmLoad.Tests.Common;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A loopback server of known capacity: <c>slots</c> requests are served at once, each for exactly <c>serviceMs</c>
/// (one token at the end), and the rest wait in arrival order. Its capacity is <c>slots / serviceMs</c> requests per
/// ms, and with even arrivals the wait of every request, so the highest rate meeting an E2EL SLO, follows by arithmetic.
/// </summary>
/// <remarks>
/// The slots are a timetable, not a semaphore: a request is booked on the slot free first, from its arrival or that
/// slot's planned end, and answered at its planned end. A response written late on a loaded machine (the thread pool
/// wakes a timer a few ms late) is then late alone; with a semaphore each late release delayed every later request,
/// and the server served ~10% under its nominal capacity with the test machine busy.
/// </remarks>
internal static class SlotServer
{
    public static Task<LoopbackServer> StartAsync(int slots, double serviceMs)
    {
        var origin = Stopwatch.GetTimestamp();
        var freeAtMs = new double[slots];
        var timetable = new Lock();
        return LoopbackServer.StartAsync(async context =>
        {
            double endMs;
            lock (timetable)
            {
                var arrivedMs = Stopwatch.GetElapsedTime(origin).TotalMilliseconds;
                var slot = Array.IndexOf(freeAtMs, freeAtMs.Min());
                endMs = Math.Max(arrivedMs, freeAtMs[slot]) + serviceMs;
                freeAtMs[slot] = endMs;
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WaitUntilAsync(origin, TimeSpan.FromMilliseconds(endMs), context.RequestAborted);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" tok") + SseScript.FinishChunk() + SseScript.UsageChunk(4, 1) + SseScript.Done);
        });
    }
}
