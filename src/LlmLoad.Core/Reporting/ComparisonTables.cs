using System.Globalization;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>Tables that put several sweeps side by side, for <c>llmload compare</c>.</summary>
public static class ComparisonTables
{
    /// <summary>
    /// One row per concurrency level measured by any sweep, one column per sweep: its request throughput
    /// at that level (mean over repeats), empty where the sweep has no such level.
    /// </summary>
    public static ReportTable RequestThroughputByLevel(IReadOnlyList<ModelSweep> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        int[] levels = [.. models.SelectMany(m => m.Levels.Select(l => l.Concurrency)).Distinct().Order()];
        ReportColumn[] columns = [.. models.Select(m => new ReportColumn(m.Label, m.Label, $"request throughput of {m.Label} (req/s)"))];
        ReportRow[] rows = [.. levels.Select(c => new ReportRow(
            c.ToString(CultureInfo.InvariantCulture),
            [.. models.Select(m => m.Levels.FirstOrDefault(l => l.Concurrency == c)?.RequestThroughput?.Mean is { } rate
                ? new ReportCell(rate, rate.ToString("F2", CultureInfo.InvariantCulture))
                : new ReportCell(null, ""))]))];
        return new ReportTable("Request throughput (req/s)", "Concurrency", columns, rows,
            "Successful requests per second at each level (mean over repeats); empty: the sweep has no such level.");
    }
}
