using System.Diagnostics;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A loopback server with a known capacity: up to <c>sharedBeyond</c> streams each get a token every
/// <c>tokenMs</c>; beyond that the streams share that rate (processor sharing), so the server makes
/// <c>sharedBeyond / tokenMs</c> tokens per ms whatever the load; beyond <c>rejectBeyond</c> streams in
/// flight, a request is refused with 503. Output lengths follow <c>lengths</c> in turn, by arrival.
/// </summary>
/// <remarks>
/// The sharing is a timetable (<see cref="SharedRate"/>), not per-stream delays: a token is due when the server's
/// shared clock has given its stream that many tokens, counted with the streams in flight at each moment. A loaded
/// machine stops this process (client and server) for 100-400 ms at a time; the tokens due meanwhile go out together
/// afterwards, and the capacity is kept. Per-stream delays counted each catch-up token at the share of the streams in
/// flight when the stream woke, including those that had arrived during the stop: 176 instead of 200 tok/s after a
/// 350 ms stop in SteadyCapacityTests.
/// </remarks>
internal static class CapacityServer
{
    public static Task<LoopbackServer> StartAsync(int sharedBeyond, int rejectBeyond, double tokenMs = 5, IReadOnlyList<int>? lengths = null)
    {
        lengths ??= [20];
        var inFlight = 0;
        var arrivals = -1;
        var rate = new SharedRate(sharedBeyond, tokenMs);
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
                var joined = rate.Join();
                try
                {
                    for (var i = 1; i <= length; i++)
                    {
                        // asked again after each wait: the streams in flight may have changed meanwhile
                        while (rate.MsUntil(joined + i) is var waitMs and > 0)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), context.RequestAborted);
                        }
                        await SseScript.WriteAsync(context, SseScript.ChatChunk(" tok"));
                    }
                    await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(4, length) + SseScript.Done);
                }
                finally
                {
                    rate.Leave();
                }
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
    }

    /// <summary>
    /// Processor sharing on the wall clock: with <c>n</c> streams in flight each is given <c>min(1, sharedBeyond / n)</c>
    /// tokens per <c>tokenMs</c>. <see cref="Join"/> returns how much a stream in flight all along would have been given by
    /// then, so a stream's token <c>i</c> is due once that figure has grown by <c>i</c>.
    /// </summary>
    private sealed class SharedRate(int sharedBeyond, double tokenMs)
    {
        private readonly Lock _lock = new();
        private readonly long _origin = Stopwatch.GetTimestamp();
        private double _updatedAtMs;
        private double _given;
        private int _streams;

        public double Join()
        {
            lock (_lock)
            {
                Update();
                _streams++;
                return _given;
            }
        }

        public void Leave()
        {
            lock (_lock)
            {
                Update();
                _streams--;
            }
        }

        /// <summary>How long until a stream has been given <paramref name="given"/>, at the present share; 0 or less when it has.</summary>
        public double MsUntil(double given)
        {
            lock (_lock)
            {
                Update();
                return (given - _given) / PerMs();
            }
        }

        private void Update()
        {
            var nowMs = Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;
            if (_streams > 0)
            {
                _given += (nowMs - _updatedAtMs) * PerMs();
            }
            _updatedAtMs = nowMs;
        }

        private double PerMs() => Math.Min(1.0, (double)sharedBeyond / Math.Max(1, _streams)) / tokenMs;
    }
}
