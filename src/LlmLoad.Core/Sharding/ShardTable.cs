using System.Globalization;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Sharding;

/// <summary>The per-shard table of a merged run: requests, throughput, client health and clock offset, one row per shard.</summary>
public static class ShardTable
{
    private static readonly ReportColumn[] Columns =
    [
        new("host", "Host", "The machine the shard ran on."),
        new("users", "Users", "The shard's share of the users (closed loop) or of the in-flight cap."),
        new("completed", "Completed", "Requests that succeeded."),
        new("failed", "Failed", "Requests that failed."),
        new("request_throughput", "Req/s", "Completed requests per second over the shard's own window."),
        new("output_throughput", "Output tok/s", "Output tokens per second over the shard's own window."),
        new("client_cpu", "Client CPU (%)", "The shard's process CPU, as a share of its machine."),
        new("start_offset", "Start offset (ms)", "How late (positive) the shard's load started after --start-at, by its own clock."),
        new("client_health", "Client", "ok, or the number of client-health warnings (see the warnings below the table)."),
    ];

    public static ReportTable Build(MergedRun merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return Build(merged.RunId, merged.Shards, merged.Warnings);
    }

    /// <summary>The table of a merged run's shards, with the warnings where they disagree as its caption (a merge, or its summary.json read back).</summary>
    public static ReportTable Build(string runId, IReadOnlyList<ShardRow> shards, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(warnings);
        var rows = shards.Select(row => new ReportRow(row.Shard.ToString(),
        [
            new ReportCell(null, row.Host),
            Count(row.Users),
            Count(row.Completed),
            Count(row.Failed),
            Number(row.RequestsPerSecond, "0.00"),
            Number(row.OutputTokensPerSecond, "0.0"),
            Number(row.ClientCpuFraction * 100, "0"),
            Number(row.StartOffsetMs, "0.0"),
            new ReportCell(row.HealthWarnings.Count, row.HealthWarnings.Count == 0 ? "ok" : row.HealthWarnings.Count.ToString(CultureInfo.InvariantCulture) + " warning(s)"),
        ])).ToList();
        return new ReportTable($"Shards of run {runId}", "Shard", Columns, rows,
            warnings.Count == 0 ? "The shards agree within noise." : string.Join(" ", warnings));
    }

    private static ReportCell Count(int? value) => new(value, value?.ToString(CultureInfo.InvariantCulture) ?? "-");

    private static ReportCell Number(double? value, string format) => new(value, value?.ToString(format, CultureInfo.InvariantCulture) ?? "-");
}
