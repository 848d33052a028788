using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Load;

/// <summary>
/// Applies a <see cref="LoadOptions"/> to a send function: decides when request <c>i</c> is due
/// (its <c>scheduled_at</c>) and starts it. The send function does the request and the recording.
/// </summary>
public sealed class LoadDriver(LoadOptions options, RunClock clock)
{
    /// <summary>Sends request <c>index</c>, which was due at <c>scheduledAtMs</c> on the run clock.</summary>
    public delegate Task SendAsync(int index, double scheduledAtMs);

    /// <summary>
    /// Runs until the request count or duration is reached, or <paramref name="stopScheduling"/> fires; then waits for
    /// requests in flight, and rethrows the first exception a send threw.
    /// </summary>
    /// <param name="stopScheduling">Stops new sends (Ctrl-C); requests in flight carry on with their own token.</param>
    public Task RunAsync(SendAsync send, CancellationToken stopScheduling) =>
        options.IsOpenLoop ? RunOpenLoopAsync(send, stopScheduling) : RunClosedLoopAsync(send, stopScheduling);

    private int TotalRequests => options.Duration is null ? options.WarmupRequests + options.NumRequests : int.MaxValue;

    /// <summary>True once the duration (counted after warm-up) has passed.</summary>
    private bool DurationElapsed(int index, double nowMs, double measureStartMs) =>
        options.Duration is { } duration && index >= options.WarmupRequests && nowMs - measureStartMs >= duration.TotalMilliseconds;

    private async Task RunClosedLoopAsync(SendAsync send, CancellationToken stopScheduling)
    {
        var next = -1;
        var measureStartMs = double.NaN;
        var users = Enumerable.Range(0, options.Concurrency ?? 1).Select(_ => Task.Run(async () =>
        {
            while (!stopScheduling.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                var scheduledAtMs = clock.NowMs();
                if (index == options.WarmupRequests)
                {
                    measureStartMs = scheduledAtMs;
                }
                if (index >= TotalRequests || DurationElapsed(index, scheduledAtMs, Volatile.Read(ref measureStartMs)))
                {
                    return;
                }
                await send(index, scheduledAtMs).ConfigureAwait(false);
            }
        }, CancellationToken.None));
        await Task.WhenAll(users).ConfigureAwait(false);
    }

    private async Task RunOpenLoopAsync(SendAsync send, CancellationToken stopScheduling)
    {
        using var inFlightCap = options.Concurrency is { } cap ? new SemaphoreSlim(cap, cap) : null;
        // the due times, cut at the request count or the duration; DurationElapsed measures from a start of 0
        var offsetsMs = ArrivalSchedule.OffsetsMs(options.Arrival, options.RequestsPerSecond!.Value, options.Seed)
            .TakeWhile((offsetMs, index) => index < TotalRequests && !DurationElapsed(index, offsetMs, 0));
        await new OpenLoopScheduler(clock, send, inFlightCap).RunAsync(offsetsMs, stopScheduling).ConfigureAwait(false);
    }
}
