using System.Diagnostics;

namespace LlmLoad.Simulator.Hosting;

/// <summary>
/// Waits on a dedicated thread until an absolute <see cref="Stopwatch"/> timestamp: a coarse kernel wait
/// until about <see cref="SpinWindowMs"/> before the deadline, then a spin. Timer waits alone overshoot by
/// about a millisecond on Linux (up to 15.6 ms on Windows), which would stretch every step.
/// </summary>
public static class DeadlineWaiter
{
    /// <summary>The last part of a wait that spins instead of sleeping, in ms.</summary>
    public const double SpinWindowMs = 1.0;

    /// <summary>Returns at or just after <paramref name="deadlineTimestamp"/>, or early when cancelled.</summary>
    public static void WaitUntil(long deadlineTimestamp, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remainingMs = (deadlineTimestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (remainingMs <= 0)
            {
                return;
            }

            if (remainingMs > SpinWindowMs + 0.5)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(remainingMs - SpinWindowMs));
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }
}
