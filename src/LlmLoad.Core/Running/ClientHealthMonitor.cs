using System.Diagnostics;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Running;

/// <summary>
/// Watches the load generator while a run is in flight: a 100 ms timer whose lateness shows the
/// client's event-loop delay, the process's CPU time and the GC's pause time. Stopped at the end of the run.
/// </summary>
internal sealed class ClientHealthMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _lagsMs = [];
    private readonly TimeSpan _cpuAtStart;
    private readonly TimeSpan _gcPauseAtStart = GC.GetTotalPauseDuration();
    private readonly long _startTimestamp;
    private readonly Task _sampling;

    public ClientHealthMonitor(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _cpuAtStart = ProcessCpuTime();
        _startTimestamp = timeProvider.GetTimestamp();
        _sampling = Task.Run(SampleAsync);
    }

    private async Task SampleAsync()
    {
        var expected = _timeProvider.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(Interval, _timeProvider, _stop.Token).ConfigureAwait(false);
                var now = _timeProvider.GetTimestamp();
                var lateMs = _timeProvider.GetElapsedTime(expected, now).TotalMilliseconds - Interval.TotalMilliseconds;
                _lagsMs.Add(Math.Max(0, lateMs));
                expected = now;
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    /// <summary>Stops sampling and returns what was seen; <paramref name="finishedRequests"/> sizes the per-request CPU.</summary>
    public async Task<ClientHealth> StopAsync(int finishedRequests, OpenLoopPace? pace, PreopenReport? connections, double slowestTokenCountMs = 0)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        var cpu = ProcessCpuTime() - _cpuAtStart;
        var wall = _timeProvider.GetElapsedTime(_startTimestamp);
        var lags = LatencyStats.From(_lagsMs);
        return new ClientHealth(
            wall > TimeSpan.Zero ? cpu / (wall * Environment.ProcessorCount) : 0,
            finishedRequests > 0 ? cpu.TotalMilliseconds / finishedRequests : null,
            lags.P99 ?? 0,
            lags.Max ?? 0,
            pace,
            connections,
            wall > TimeSpan.Zero ? (GC.GetTotalPauseDuration() - _gcPauseAtStart) / wall : 0,
            slowestTokenCountMs);
    }

    private static TimeSpan ProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _sampling.ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
