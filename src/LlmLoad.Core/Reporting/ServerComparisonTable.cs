using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The engine's side of compared runs or sweep levels, one row each in the order given (for <c>llmload compare</c>):
/// running and waiting (mean and max), KV cache usage (max), preemptions, prefix-cache hit rate, and the engine's
/// TTFT next to llmload's (their difference is time outside the engine). Null when no row has engine metrics, so a
/// comparison of runs that scraped nothing shows no empty table.
/// </summary>
public static class ServerComparisonTable
{
    private static readonly ReportColumn[] s_columns =
    [
        new("running_mean", "Running mean", "requests in the engine's batch, mean over the scrapes of the measured window"),
        new("running_max", "Running max", "requests in the engine's batch, highest scrape"),
        new("waiting_mean", "Waiting mean", "requests in the engine's queue, mean over the scrapes"),
        new("waiting_max", "Waiting max", "requests in the engine's queue, highest scrape"),
        new("kv_cache_usage_max", "KV max (%)", "the engine's KV cache usage, highest scrape"),
        new("preemptions", "Preemptions", "sequences the engine evicted over the measured window"),
        new("prefix_cache_hit_rate", "Prefix hit (%)", "prompt tokens served from the engine's prefix cache"),
        new("server_ttft_p50", "Server TTFT p50 (ms)", "the engine's TTFT from its histogram, good to a bucket's width"),
        new("llmload_ttft_p50", "Client TTFT p50 (ms)", "llmload's own TTFT"),
        new("server_ttft_p99", "Server TTFT p99 (ms)", "the engine's TTFT from its histogram, good to a bucket's width"),
        new("llmload_ttft_p99", "Client TTFT p99 (ms)", "llmload's own TTFT"),
    ];

    /// <param name="rows">Each row's label, its metrics pages (a run's or a level's <c>server</c> blocks) and its summary.</param>
    public static ReportTable? From(string rowHeader, IReadOnlyList<(string Label, IReadOnlyList<ServerSummary> Server, RunSummary Summary)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!rows.Any(r => ServerSummary.EnginePage(r.Server) is not null))
        {
            return null;
        }
        ReportRow[] cells = [.. rows.Select(r => new ReportRow(r.Label, Cells(ServerSummary.EnginePage(r.Server), r.Summary)))];
        return new ReportTable("Engine metrics", rowHeader, s_columns, cells,
            "From each result's scrapes of the engine's metrics page over its measured window; empty: no engine metrics. "
            + "Server TTFT below client TTFT is time outside the engine (network, proxy, tokenisation, the client).");
    }

    private static ReportCell[] Cells(ServerSummary? server, RunSummary summary) =>
    [
        Number(server?.Gauge(CommonMetric.Running)?.Mean, "F1"),
        Number(server?.Gauge(CommonMetric.Running)?.Max, "F0"),
        Number(server?.Gauge(CommonMetric.Waiting)?.Mean, "F1"),
        Number(server?.Gauge(CommonMetric.Waiting)?.Max, "F0"),
        Number(server?.Gauge(CommonMetric.KvCacheUsage)?.Max * 100, "F1"),
        Number(server?.Counter(CommonMetric.Preemptions), "F0"),
        Number(server?.PrefixCacheHitRate * 100, "F1"),
        Number(server?.Ttft?.P50Ms, "F1"),
        Number(server is null ? null : summary.Ttft.P50, "F1"),
        Number(server?.Ttft?.P99Ms, "F1"),
        Number(server is null ? null : summary.Ttft.P99, "F1"),
    ];

    private static ReportCell Number(double? value, string format) => value is { } v && double.IsFinite(v)
        ? new ReportCell(v, v.ToString(format, CultureInfo.InvariantCulture))
        : new ReportCell(null, "");
}
