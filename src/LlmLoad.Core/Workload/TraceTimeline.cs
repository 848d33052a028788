using System.Globalization;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The send order and due times of a timestamped dataset (pure: lines in, order and offsets out). Steps:
/// 1. check the timestamps: a negative one is refused; one earlier than the line before it is refused unless
///    <c>--trace-sort</c>, which orders the lines by time (file order among equal times);
/// 2. with absolute times (Azure), count from the earliest line;
/// 3. keep the lines inside the <see cref="TraceWindow"/>; each is due at its time less the window's start.
/// Every error is a <see cref="WorkloadException"/> naming the file and line.
/// </summary>
internal sealed record TraceTimeline(IReadOnlyList<int> Order, IReadOnlyList<double> OffsetsMs)
{
    public int Count => Order.Count;

    /// <param name="path">The file, for messages.</param>
    /// <param name="lines">Each entry's 1-based line and timestamp in ms, in file order.</param>
    /// <param name="sort">--trace-sort: order by time instead of refusing unordered lines.</param>
    /// <param name="absolute">Times are relative to the first line, not the trace's start, and may be below it once sorted.</param>
    public static TraceTimeline Arrange(string path, IReadOnlyList<(int Line, double TimestampMs)> lines, bool sort, bool absolute, TraceWindow window)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, ms) = lines[i];
            if (!double.IsFinite(ms) || (!absolute && ms < 0))
            {
                throw new WorkloadException($"{path} line {N(line)}: timestamp {N(ms)} is negative; times are milliseconds from the trace's start (0 or more).");
            }
            if (!sort && i > 0 && ms < lines[i - 1].TimestampMs)
            {
                throw new WorkloadException($"{path} line {N(line)}: timestamp {N(ms)} is earlier than line {N(lines[i - 1].Line)}'s {N(lines[i - 1].TimestampMs)}; "
                    + "sort the file by time or pass --trace-sort.");
            }
        }

        // OrderBy is stable: equal times keep file order
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => lines[i].TimestampMs).ToArray();
        var originMs = absolute && order.Length > 0 ? lines[order[0]].TimestampMs : 0;
        var kept = order.Where(i => window.Contains(lines[i].TimestampMs - originMs)).ToArray();
        if (kept.Length == 0)
        {
            throw new WorkloadException(window == TraceWindow.Whole
                ? $"{path}: no requests found."
                : $"{path}: no request in --trace-window {window} (the trace spans {N((lines[order[^1]].TimestampMs - originMs) / 1000)} s); choose a slice inside it.");
        }
        var startMs = originMs + window.Start.TotalMilliseconds;
        return new TraceTimeline(kept, kept.Select(i => lines[i].TimestampMs - startMs).ToArray());
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
