using System.Buffers.Binary;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>Pure: a pass's records, the server's stamps and the process counters in, a <see cref="LevelResult"/> out.</summary>
public static class LevelAnalysis
{
    public static LevelResult Analyze(LevelMeasurement m)
    {
        var records = m.Records;
        var measured = records.Where(record => !record.Warmup).ToArray();
        var ok = measured.Where(record => record.IsSuccess && record.FirstTokenAtMs is not null).ToArray();
        var wallSeconds = m.Wall.TotalSeconds;

        var added = new List<double>();
        var serverTtft = new List<double>();
        var sendLag = new List<double>();
        var deliveryLag = new List<double>();
        foreach (var record in ok)
        {
            var slot = (record.Index - m.IndexBase) * 16;
            if (slot < 0 || slot + 16 > m.Stamps.Length)
            {
                continue;
            }
            var receivedUs = BinaryPrimitives.ReadInt64LittleEndian(m.Stamps.AsSpan(slot));
            var firstEventUs = BinaryPrimitives.ReadInt64LittleEndian(m.Stamps.AsSpan(slot + 8));
            if (receivedUs == 0 || firstEventUs == 0)
            {
                continue;
            }
            var server = (firstEventUs - receivedUs) / 1000.0;
            serverTtft.Add(server);
            added.Add(record.FirstTokenAtMs!.Value - record.SentAtMs - server);
            sendLag.Add(receivedUs / 1000.0 - ToUnixMs(m, record.SentAtMs));
            deliveryLag.Add(ToUnixMs(m, record.FirstTokenAtMs!.Value) - firstEventUs / 1000.0);
        }

        var itl = ok.SelectMany(record => record.ChunkAtMs.Zip(record.ChunkAtMs.Skip(1), (a, b) => b - a));
        var ttft = LatencyStats.From(ok.Select(record => record.FirstTokenAtMs!.Value - record.SentAtMs));
        var addedStats = LatencyStats.From(added);
        var itlStats = LatencyStats.From(itl);
        var sendStats = LatencyStats.From(sendLag);
        var deliveryStats = LatencyStats.From(deliveryLag);
        var isOpen = m.Options.RequestsPerSecond is not null;
        var scheduleLag = isOpen ? LatencyStats.From(records.Select(record => record.SentAtMs - record.ScheduledAtMs)) : null;
        // the same pace a real run reports in client_health
        var pace = isOpen ? OpenLoopPace.From(records) : null;

        return new LevelResult
        {
            Label = m.Options.Label,
            Concurrency = m.Options.Concurrency,
            TargetRequestsPerSecond = m.Options.RequestsPerSecond,
            Requests = records.Count,
            MeasuredRequests = measured.Length,
            Failed = records.Count(record => !record.IsSuccess),
            Failures = string.Join(", ", records.Where(record => !record.IsSuccess).GroupBy(record => record.Outcome)
                .OrderBy(group => group.Key).Select(group => $"{group.Key.ToName()} x{group.Count()}")),
            WallSeconds = wallSeconds,
            ClientCpuMsPerRequest = records.Count == 0 ? 0 : m.Cpu.TotalMilliseconds / records.Count,
            ClientKernelCpuMsPerRequest = records.Count == 0 ? 0 : m.KernelCpu.TotalMilliseconds / records.Count,
            ContextSwitchesPerRequest = records.Count == 0 ? null : (double?)m.ContextSwitches / records.Count,
            ClientCpuPercentOfOneCore = 100 * m.Cpu.TotalSeconds / wallSeconds,
            ServerCpuPercentOfOneCore = 100 * m.ServerCpu.TotalSeconds / wallSeconds,
            RequestsPerSecond = records.Count / wallSeconds,
            TokenEventsPerSecond = records.Sum(record => record.ChunkAtMs.Count) / wallSeconds,
            PeakConcurrentStreams = PeakOverlap(records),
            TtftMeanMs = ttft.Mean,
            TtftP99Ms = ttft.P99,
            ServerTtftP99Ms = LatencyStats.From(serverTtft).P99,
            AddedTtftMeanMs = addedStats.Mean,
            AddedTtftP50Ms = addedStats.P50,
            AddedTtftP99Ms = addedStats.P99,
            AddedTtftMaxMs = addedStats.Max,
            SendLagMeanMs = sendStats.Mean,
            SendLagP99Ms = sendStats.P99,
            DeliveryLagMeanMs = deliveryStats.Mean,
            DeliveryLagP99Ms = deliveryStats.P99,
            ItlMeanMs = itlStats.Mean,
            ItlP99Ms = itlStats.P99,
            ScheduleLagP50Ms = scheduleLag?.P50,
            ScheduleLagP99Ms = scheduleLag?.P99,
            ScheduleLagMaxMs = scheduleLag?.Max,
            ScheduledRequestsPerSecond = pace?.ScheduledPerSecond,
            AchievedRequestsPerSecond = pace?.AchievedPerSecond,
            PeakRssMiB = m.PeakRssMiB,
            OpenSockets = m.OpenSockets,
            GcCounts = m.GcCounts,
            GcPauseMs = m.GcPause.TotalMilliseconds,
            AllocatedKiBPerRequest = records.Count == 0 ? 0 : m.AllocatedBytes / 1024.0 / records.Count,
            LoadAverage = m.LoadAverage,
        };
    }

    private static double ToUnixMs(LevelMeasurement m, double runMs) => m.AnchorUnixUs / 1000.0 + (runMs - m.AnchorRunMs);

    /// <summary>Most requests open at one instant (sent, not yet done): the streams the client really held.</summary>
    private static int PeakOverlap(IReadOnlyList<RequestRecord> records)
    {
        var edges = records.SelectMany(record => new[] { (At: record.SentAtMs, Step: 1), (At: record.DoneAtMs ?? record.SentAtMs, Step: -1) })
            .OrderBy(edge => edge.At).ThenBy(edge => edge.Step);
        int open = 0, peak = 0;
        foreach (var (_, step) in edges)
        {
            open += step;
            peak = Math.Max(peak, open);
        }
        return peak;
    }
}
