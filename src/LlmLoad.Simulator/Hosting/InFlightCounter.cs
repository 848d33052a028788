namespace LlmLoad.Simulator.Hosting;

/// <summary>Requests accepted by the HTTP layer and not yet finished: the N of the in-flight limits and N_sys of the step time.</summary>
public sealed class InFlightCounter
{
    private int _count;

    public int Current => Volatile.Read(ref _count);

    /// <summary>Counts a new request and returns the count including it.</summary>
    public int Increment() => Interlocked.Increment(ref _count);

    public void Decrement() => Interlocked.Decrement(ref _count);
}
