using System.Globalization;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>Text forms of <see cref="LevelResult"/>: a readable block for one level and a Markdown table for a suite.</summary>
public static class LevelReport
{
    public static string Describe(LevelResult r)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            {r.Label} (machine load average {r.LoadAverage:0.0}): {r.Requests} requests ({r.MeasuredRequests} measured, {r.Failed} failed{(r.Failed > 0 ? ": " + r.Failures : "")}) in {r.WallSeconds:0.0} s
              client CPU {r.ClientCpuMsPerRequest:0.000} ms/request ({r.ClientKernelCpuMsPerRequest:0.000} in the kernel, {r.ContextSwitchesPerRequest:0.0} context switches), {r.ClientCpuPercentOfOneCore:0}% of one core; server CPU {r.ServerCpuPercentOfOneCore:0}% of one core
              {r.RequestsPerSecond:0} req/s, {r.TokenEventsPerSecond:0} token events/s, peak {r.PeakConcurrentStreams} streams open, {r.OpenSockets} sockets, peak RSS {r.PeakRssMiB:0} MiB, GC {string.Join("/", r.GcCounts)} ({r.GcPauseMs:0} ms paused, {r.AllocatedKiBPerRequest:0.0} KiB allocated per request)
              TTFT mean {r.TtftMeanMs:0.000} p99 {r.TtftP99Ms:0.000}; server TTFT p99 {r.ServerTtftP99Ms:0.000}; added TTFT mean {r.AddedTtftMeanMs:0.000} p50 {r.AddedTtftP50Ms:0.000} p99 {r.AddedTtftP99Ms:0.000} max {r.AddedTtftMaxMs:0.000}
              send lag mean {r.SendLagMeanMs:0.000} p99 {r.SendLagP99Ms:0.000}; delivery lag mean {r.DeliveryLagMeanMs:0.000} p99 {r.DeliveryLagP99Ms:0.000}; ITL mean {r.ItlMeanMs:0.000} p99 {r.ItlP99Ms:0.000}
            """);
        if (r.TargetRequestsPerSecond is not null)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"\n  open loop: target {r.TargetRequestsPerSecond:0} req/s, schedule {r.ScheduledRequestsPerSecond:0.0}, achieved {r.AchievedRequestsPerSecond:0.0}; schedule lag p50 {r.ScheduleLagP50Ms:0.000} p99 {r.ScheduleLagP99Ms:0.000} max {r.ScheduleLagMaxMs:0.000}");
        }
        return text;
    }

    /// <summary>One row per level; the columns BENCHMARKS.md quotes.</summary>
    public static string Table(IEnumerable<LevelResult> results)
    {
        var lines = new List<string>
        {
            "| level | requests | failed | client CPU (ms/req) | client CPU (% core) | server CPU (% core) | token events/s | peak streams | added TTFT mean (ms) | added TTFT p99 (ms) | ITL p99 (ms) | schedule lag p99 (ms) | achieved/scheduled (req/s) | peak RSS (MiB) | sockets | load avg |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in results)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Requests} | {r.Failed} | {r.ClientCpuMsPerRequest:0.000} | {r.ClientCpuPercentOfOneCore:0} | {r.ServerCpuPercentOfOneCore:0} | {r.TokenEventsPerSecond:0} | {r.PeakConcurrentStreams} | {r.AddedTtftMeanMs:0.000} | {r.AddedTtftP99Ms:0.000} | {r.ItlP99Ms:0.00} | {(r.ScheduleLagP99Ms is { } lag ? lag.ToString("0.000", CultureInfo.InvariantCulture) : "-")} | {(r.AchievedRequestsPerSecond is { } achieved ? string.Create(CultureInfo.InvariantCulture, $"{achieved:0.0}/{r.ScheduledRequestsPerSecond:0.0}") : "-")} | {r.PeakRssMiB:0} | {r.OpenSockets} | {r.LoadAverage:0.0} |"));
        }
        return string.Join('\n', lines);
    }
}
