using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.LoadCapacity.TraceArrival;

/// <summary>
/// Pure: how far each request's arrival at the server was from its trace time (<see cref="TraceError"/>), and the two
/// parts that error splits into: schedule lag (sent_at − scheduled_at, on the client) and send-to-arrival (the server's
/// stamp − sent_at).
/// </summary>
public static class ArrivalAnalysis
{
    /// <param name="dueOffsetsMs">Request i's trace offset over the speed, in ms from the run's start.</param>
    /// <param name="records">The replay's records, by index (index i is trace line i).</param>
    /// <param name="arrivalRunMs">When the server saw request i, on the client's run clock; NaN when it did not stamp it.</param>
    public static ArrivalResult Analyze(double speed, IReadOnlyList<double> dueOffsetsMs, IReadOnlyList<RequestRecord> records, IReadOnlyList<double> arrivalRunMs)
    {
        // scheduled_at = start + due offset exactly, so any record gives the run's start
        var startMs = records[0].ScheduledAtMs - dueOffsetsMs[records[0].Index];
        var fromStart = new List<double>();
        var sendToArrival = new List<double>();
        var scheduledOff = 0.0;
        foreach (var record in records)
        {
            var dueMs = dueOffsetsMs[record.Index];
            scheduledOff = Math.Max(scheduledOff, Math.Abs(record.ScheduledAtMs - startMs - dueMs));
            var arrivedMs = arrivalRunMs[record.Index];
            if (double.IsNaN(arrivedMs))
            {
                continue;
            }
            fromStart.Add(arrivedMs - startMs - dueMs);
            sendToArrival.Add(arrivedMs - record.SentAtMs);
        }
        return new ArrivalResult
        {
            Speed = speed,
            Requests = records.Count,
            Arrived = fromStart.Count,
            TraceError = TraceError.From(fromStart),
            ScheduleLag = LatencyStats.From(records.Select(record => record.SentAtMs - record.ScheduledAtMs)),
            SendToArrival = LatencyStats.From(sendToArrival),
            ScheduledAtMaxErrorMs = scheduledOff,
        };
    }
}
