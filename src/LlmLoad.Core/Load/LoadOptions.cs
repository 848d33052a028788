using LlmLoad.Core.Metrics;
using System.Globalization;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Load;

/// <summary>
/// How much load a run applies. Closed loop when <see cref="RequestsPerSecond"/> is null:
/// <see cref="Concurrency"/> users each send their next request when the previous one ends.
/// Open loop otherwise: arrivals follow <see cref="Arrival"/>, optionally capped at <see cref="Concurrency"/> in flight.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Users in a closed loop, or the in-flight cap of an open loop (null: no cap).</summary>
    public int? Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Default <see cref="Concurrency"/> of a closed loop.</summary>
    public const int DefaultConcurrency = 32;

    /// <summary>Open-loop mean arrival rate; null for a closed loop.</summary>
    public double? RequestsPerSecond { get; init; }

    public ArrivalProcess Arrival { get; init; } = ArrivalProcess.Poisson;

    /// <summary>
    /// When an open loop's first arrival is due, in ms from the start; the later ones keep their gaps. Not 0 for a shard of
    /// a constant stream: shard I of N is due I gaps in, so the shards' arrivals interleave into the whole run's.
    /// </summary>
    public double FirstArrivalMs { get; init; }

    /// <summary>An open loop's due times at <see cref="RequestsPerSecond"/>, in ms from the start (pure: drawn from <see cref="Seed"/>).</summary>
    public IEnumerable<double> RateArrivalOffsetsMs()
    {
        var firstMs = FirstArrivalMs;
        return ArrivalSchedule.OffsetsMs(Arrival, RequestsPerSecond ?? throw new InvalidOperationException("a closed loop has no arrival rate"), Seed)
            .Select(offsetMs => offsetMs + firstMs);
    }

    /// <summary>Measured requests (after warm-up); ignored when <see cref="Duration"/> is set.</summary>
    public int NumRequests { get; init; } = DefaultNumRequests;

    public const int DefaultNumRequests = 1000;

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

    /// <summary>
    /// Follow a timestamped dataset's times when it has them (neither <c>--rate</c> nor <c>--concurrency</c> was given):
    /// the runner then sets <see cref="TraceOffsetsMs"/> and clears <see cref="Concurrency"/>.
    /// </summary>
    public bool ReplayTraceTimes { get; init; }

    /// <summary>With <see cref="ReplayTraceTimes"/>: replay every request of the trace (window), as no request count or duration was given.</summary>
    public bool ReplayWholeTrace { get; init; }

    /// <summary><c>--trace-speed</c>: trace time runs this many times faster (2: due times halved).</summary>
    public double TraceSpeed { get; init; } = 1;

    /// <summary>An open loop on a trace's clock: request i is due at start + TraceOffsetsMs[i] / <see cref="TraceSpeed"/>. Set by the runner.</summary>
    public IReadOnlyList<double>? TraceOffsetsMs { get; init; }

    
    /// <summary>A linear ramp of the rate (open loop, instead of <see cref="RequestsPerSecond"/>) or of the users (closed loop); null: steady load.</summary>
    public LoadRamp? Ramp { get; init; }

    public bool IsOpenLoop => RequestsPerSecond is not null || TraceOffsetsMs is not null || Ramp is { Kind: RampKind.Rate };

    /// <summary>The most requests that can be in flight at once (sizes the connection pool).</summary>
    public int MaxInFlight(int openLoopDefault) => Concurrency ?? openLoopDefault;

    /// <summary>Every problem with these options, each naming its field; empty when valid.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var problems = new List<OptionProblem>();
        if (Concurrency is < 1)
        {
            problems.Add(new(OptionField.Concurrency, Text(Concurrency.Value), "must be at least 1."));
        }
        if (RequestsPerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            problems.Add(new(OptionField.Rate, rate.ToString(CultureInfo.InvariantCulture), "must be a positive number of requests per second."));
        }
        if (Duration is null && NumRequests < 1)
        {
            problems.Add(new(OptionField.NumRequests, Text(NumRequests), "must be at least 1."));
        }
        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            problems.Add(new(OptionField.Duration, null, "must be positive, e.g. 60s or 5m."));
        }
        if (WarmupRequests < 0)
        {
            problems.Add(new(OptionField.Warmup, Text(WarmupRequests), "must be 0 or more."));
        }
        if (NumSessions is < 1)
        {
            problems.Add(new(OptionField.NumSessions, Text(NumSessions.Value), "must be at least 1."));
        }
        else if (NumSessions is not null && Duration is not null)
        {
            problems.Add(new(OptionField.NumSessions, null, "and {duration} both end the run; give one of them."));
        }
        if (!double.IsFinite(TraceSpeed) || TraceSpeed <= 0)
        {
            problems.Add(new(OptionField.TraceSpeed, TraceSpeed.ToString(CultureInfo.InvariantCulture), "must be a positive number (2 replays twice as fast)."));
        }
        if (MaxContextTokens is < 1)
        {
            problems.Add(new(OptionField.MaxContextTokens, Text(MaxContextTokens.Value), "must be at least 1."));
        }
        return problems;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
