using System.Runtime.InteropServices;

namespace LlmLoad.Cli.Console;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a graceful stop (<see cref="Token"/>) and a second
/// one into an immediate exit, so a stuck run can always be left.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public StopSignal()
    {
        _registrations = [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        // keep the process alive: the run stops itself and writes its partial results
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            System.Console.Error.WriteLine("stopping: no new requests; requests in flight get a short grace period (Ctrl-C again to quit at once)");
            _stop.Cancel();
        }
        else
        {
            // the record writer writes the finished requests' records as the process exits (RecordWriter)
            System.Console.Error.WriteLine("stopped at once; finished requests are in requests.jsonl, no summary written");
            Environment.Exit(ExitCodes.Interrupted);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
