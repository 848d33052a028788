using System.Runtime;

namespace LlmLoad.Core.Tests;

/// <summary>
/// Keeps the garbage collector from pausing this process while a timing-sensitive test measures a loopback server
/// that lives in the same process. A pause stops the server and the client together, and with every core busy it
/// lasts 300-400 ms instead of about 1 ms, because the GC waits until each thread reaches a safe point (seen as
/// <c>gc_pause_fraction</c> 0.08-0.17 and timer lags of 290-330 ms in the summaries of the runs that failed). That
/// stop is longer than the 100 ms steps the tests' servers are timed in. The budget is what one such test allocates
/// with room to spare; should a test allocate more, the GC collects as usual.
/// </summary>
internal sealed class NoGCRegion : IDisposable
{
    private const long BudgetBytes = 192L * 1024 * 1024;

    private NoGCRegion()
    {
    }

    public static NoGCRegion Enter()
    {
        // the collection that makes room happens here, before the test's clock matters
        GC.TryStartNoGCRegion(BudgetBytes);
        return new NoGCRegion();
    }

    public void Dispose()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
    }
}
