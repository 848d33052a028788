namespace LlmLoad.Core.Running;

/// <summary>Live counters of a run, updated with interlocked operations and read by the console; never locked.</summary>
public sealed class RunProgress
{
    private long _sent;
    private long _succeeded;
    private long _failed;
    private long _outputTokens;
    private long _activeSessions;

    /// <summary>Requests the run will send, or null for a duration-bounded run.</summary>
    public int? Total { get; set; }

    /// <summary>The run's duration bound, for the ETA of duration-bounded runs.</summary>
    public TimeSpan? Duration { get; set; }

    public long Sent => Interlocked.Read(ref _sent);
    public long Succeeded => Interlocked.Read(ref _succeeded);
    public long Failed => Interlocked.Read(ref _failed);
    public long Finished => Succeeded + Failed;
    public long InFlight => Sent - Finished;
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>True for a multi-turn run: the console then shows <see cref="ActiveSessions"/> too.</summary>
    public bool MultiTurn { get; set; }

    /// <summary>Sessions started and not yet ended; a session counts while its user thinks, a request only while in flight.</summary>
    public long ActiveSessions => Interlocked.Read(ref _activeSessions);

    public void OnSessionStarted() => Interlocked.Increment(ref _activeSessions);

    public void OnSessionEnded() => Interlocked.Decrement(ref _activeSessions);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnFinished(bool success, int outputTokens)
    {
        Interlocked.Increment(ref success ? ref _succeeded : ref _failed);
        Interlocked.Add(ref _outputTokens, outputTokens);
    }
}
