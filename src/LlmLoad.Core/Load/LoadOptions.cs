using LlmLoad.Core.Schedules;

namespace LlmLoad.Core.Load;

/// <summary>
/// How much load a run applies. Closed loop when <see cref="RequestsPerSecond"/> is null:
/// <see cref="Concurrency"/> users each send their next request when the previous one ends.
/// Open loop otherwise: arrivals follow <see cref="Arrival"/>, optionally capped at <see cref="Concurrency"/> in flight.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Users in a closed loop, or the in-flight cap of an open loop (null: no cap).</summary>
    public int? Concurrency { get; init; } = 32;

    /// <summary>Open-loop mean arrival rate; null for a closed loop.</summary>
    public double? RequestsPerSecond { get; init; }

    public ArrivalProcess Arrival { get; init; } = ArrivalProcess.Poisson;

    /// <summary>Measured requests (after warm-up); ignored when <see cref="Duration"/> is set.</summary>
    public int NumRequests { get; init; } = 1000;

    /// <summary>Stop scheduling after this long (measured from the end of warm-up); null: bounded by <see cref="NumRequests"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Requests sent first and excluded from every aggregate.</summary>
    public int WarmupRequests { get; init; }

    public int Seed { get; init; }

    /// <summary>
    /// Multi-turn: sessions to run; the run ends when they have (and <see cref="NumRequests"/> no longer bounds it).
    /// Null: bounded by requests or duration.
    /// </summary>
    public int? NumSessions { get; init; }

    /// <summary>Multi-turn: the pause between a reply and the session's next turn.</summary>
    public ThinkTime ThinkTime { get; init; } = ThinkTime.None;

    /// <summary>Multi-turn: a session ends, before sending it, at the turn whose prompt plus max_tokens would exceed this many tokens.</summary>
    public int? MaxContextTokens { get; init; }

    public bool IsOpenLoop => RequestsPerSecond is not null;

    /// <summary>The most requests that can be in flight at once (sizes the connection pool).</summary>
    public int MaxInFlight(int openLoopDefault) => Concurrency ?? openLoopDefault;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Concurrency is < 1)
        {
            problems.Add($"--concurrency \"{Concurrency}\" must be at least 1.");
        }
        if (RequestsPerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            problems.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"--rate \"{rate}\" must be a positive number of requests per second."));
        }
        if (Duration is null && NumRequests < 1)
        {
            problems.Add($"--num-requests \"{NumRequests}\" must be at least 1.");
        }
        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            problems.Add("--duration must be positive, e.g. 60s or 5m.");
        }
        if (WarmupRequests < 0)
        {
            problems.Add($"--warmup \"{WarmupRequests}\" must be 0 or more.");
        }
        if (NumSessions is < 1)
        {
            problems.Add($"--num-sessions \"{NumSessions}\" must be at least 1.");
        }
        else if (NumSessions is not null && Duration is not null)
        {
            problems.Add("--num-sessions and --duration both end the run; give one of them.");
        }
        if (MaxContextTokens is < 1)
        {
            problems.Add($"--max-context-tokens \"{MaxContextTokens}\" must be at least 1.");
        }
        return problems;
    }
}
