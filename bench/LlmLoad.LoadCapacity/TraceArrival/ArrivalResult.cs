using System.Globalization;
using LlmLoad.Core.Metrics;

namespace LlmLoad.LoadCapacity.TraceArrival;

/// <summary>One replay's arrival accuracy (<see cref="ArrivalAnalysis"/>); every figure in ms.</summary>
public sealed record ArrivalResult
{
    public required double Speed { get; init; }

    public required int Requests { get; init; }

    /// <summary>Requests the server stamped.</summary>
    public required int Arrived { get; init; }

    public required TraceError TraceError { get; init; }

    /// <summary><see cref="Tests.Common.ReferenceReplay"/>'s error on the same trace and server, just after.</summary>
    public TraceError? ReferenceTraceError { get; init; }

    /// <summary>sent_at − scheduled_at, as the summary's schedule lag.</summary>
    public required LatencyStats ScheduleLag { get; init; }

    /// <summary>The server's stamp − sent_at.</summary>
    public required LatencyStats SendToArrival { get; init; }

    /// <summary>Largest |scheduled_at − run start − trace offset|: 0 up to rounding when scheduled_at is the trace time.</summary>
    public required double ScheduledAtMaxErrorMs { get; init; }

    public double ClientCpuMsPerRequest { get; init; }

    /// <summary>The machine's 1-minute load average before and after the replay.</summary>
    public double? LoadAverageBefore { get; init; }

    public double? LoadAverageAfter { get; init; }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"""
        speed {Speed:0.##}: {Arrived} of {Requests} requests stamped by the server; load average {LoadAverageBefore:0.0} -> {LoadAverageAfter:0.0}; client CPU {ClientCpuMsPerRequest:0.00} ms/request
          trace error, best-fit origin        {Stats(TraceError.Aligned)}  (run start + {TraceError.AlignmentMs:0.000} ms)
          trace error, origin run start       {Stats(TraceError.FromRunStart)}
          reference client, best-fit origin   {(ReferenceTraceError is { } reference ? Stats(reference.Aligned) : "not run")}
          schedule lag (sent - scheduled)     {Stats(ScheduleLag)}
          send to arrival (server - sent)     {Stats(SendToArrival)}
          scheduled_at off the trace by at most {ScheduledAtMaxErrorMs:0.000} ms
        """);

    public static string Stats(LatencyStats stats) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {stats.P50:0.000}  p99 {stats.P99:0.000}  max {stats.Max:0.000} ms");
}
