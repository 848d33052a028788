using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Schedules;

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
        var startMs = clock.NowMs();
        IReadOnlyList<double> startsMs = options.Ramp is { Kind: RampKind.Users } ramp ? ramp.UserStartsMs() : new double[options.Concurrency ?? 1];
        var rampEndMs = options.Ramp is { } users ? startMs + users.Length.TotalMilliseconds : double.PositiveInfinity;
        var tasks = startsMs.Select(userStartMs => Task.Run(async () =>
        {
            // a ramp's user joins at its own time; the wait is on the run clock's provider, so a test's clock drives it
            if (startMs + userStartMs - clock.NowMs() is > 0 and var waitMs)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), clock.TimeProvider, stopScheduling)
                    .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
            while (!stopScheduling.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                var scheduledAtMs = clock.NowMs();
                if (index == options.WarmupRequests)
                {
                    measureStartMs = scheduledAtMs;
                }
                if (index >= TotalRequests || scheduledAtMs >= rampEndMs || DurationElapsed(index, scheduledAtMs, Volatile.Read(ref measureStartMs)))
                {
                    return;
                }
                await send(index, scheduledAtMs).ConfigureAwait(false);
            }
        }, CancellationToken.None));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task RunOpenLoopAsync(SendAsync send, CancellationToken stopScheduling)
    {
        using var inFlightCap = options.Concurrency is { } cap ? new SemaphoreSlim(cap, cap) : null;
        await new OpenLoopScheduler(clock, send, inFlightCap).RunAsync(OpenLoopOffsetsMs(), stopScheduling).ConfigureAwait(false);
    }

    /// <summary>How many requests an open loop sends in its first <paramref name="span"/> (0 for a closed loop).</summary>
    public int RequestsDueWithin(TimeSpan span) =>
        options.IsOpenLoop ? OpenLoopOffsetsMs().TakeWhile(offsetMs => offsetMs < span.TotalMilliseconds).Count() : 0;

    /// <summary>An open loop's due times in ms from the start, cut to the run's length.</summary>
    private IEnumerable<double> OpenLoopOffsetsMs() => CutToLength(options.Ramp is { Kind: RampKind.Rate } ramp
        ? ArrivalSchedule.RampOffsetsMs(ramp, options.Arrival, options.Seed)
        : options.TraceOffsetsMs is { } trace
        ? trace.Select(offsetMs => offsetMs / options.TraceSpeed)
        : options.RateArrivalOffsetsMs());

    /// <summary>
    /// The due times, cut at the request count or the duration. The duration counts from the first measured request's
    /// due time, the end of warm-up, as <see cref="LoadOptions.Duration"/> promises (not from the first warm-up one).
    /// </summary>
    private IEnumerable<double> CutToLength(IEnumerable<double> offsetsMs)
    {
        var index = 0;
        var measureStartMs = double.NaN;
        foreach (var offsetMs in offsetsMs)
        {
            if (index == options.WarmupRequests)
            {
                measureStartMs = offsetMs;
            }
            if (index >= TotalRequests || DurationElapsed(index, offsetMs, measureStartMs))
            {
                yield break;
            }
            yield return offsetMs;
            index++;
        }
    }
}
