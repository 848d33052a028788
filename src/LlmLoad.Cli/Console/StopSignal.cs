using System.Runtime.InteropServices;

namespace LlmLoad.Cli.Console;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a graceful stop (<see cref="Token"/>) and a second
/// one into an immediate exit, so a stuck run can always be left. A <c>--processes</c> child also stops gracefully when
/// its parent does (<see cref="Commands.StdioStartGate.ParentStopped"/>).
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;
    private int _stopping;
    // a parent's stop can come after the command has ended
    private int _disposed;

    /// <param name="parentStopped">Also stop when this completes (a <c>--processes</c> child's parent stopped or went away).</param>
    public StopSignal(Task? parentStopped = null)
    {
        _registrations = [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
        parentStopped?.ContinueWith(_ => Stop("stopping: the llmload that started this shard stopped; no new requests, requests in flight get a short grace period"),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        // keep the process alive: the run stops itself and writes its partial results
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            Stop("stopping: no new requests; requests in flight get a short grace period (Ctrl-C again to quit at once)");
        }
        else
        {
            // the record writer writes the finished requests' records as the process exits (RecordWriter)
            System.Console.Error.WriteLine("stopped at once; finished requests are in requests.jsonl, no summary written");
            Environment.Exit(ExitCodes.Interrupted);
        }
    }

    /// <summary>The graceful stop, once, whichever asks first (a signal or the parent).</summary>
    private void Stop(string message)
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }
        System.Console.Error.WriteLine(message);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the command ended as the parent stopped: nothing left to stop
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
