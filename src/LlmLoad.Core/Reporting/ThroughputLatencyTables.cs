namespace LlmLoad.Core.Reporting;

/// <summary>
/// The two tables of the study "Benchmarking Models on Radiant Inference Endpoints" (March 2026), one row per run:
/// throughput (Requests/s, Input tok/s, Output tok/s, Output tok/s/user) and latency
/// (Mean TTFT, TPOT, ITL in ms).
/// </summary>
public sealed record ThroughputLatencyTables(ReportTable Throughput, ReportTable Latency)
{
    public static IReadOnlyList<string> ThroughputKeys { get; } =
        ["request_throughput", "input_throughput", "output_throughput", "output_throughput_per_user"];

    public static IReadOnlyList<string> LatencyKeys { get; } = ["mean_ttft_ms", "mean_tpot_ms", "mean_itl_ms"];

    /// <summary>Builds both tables; <paramref name="rowHeader"/> names what a row is (the article uses "Model").</summary>
    public static ThroughputLatencyTables From(IReadOnlyList<LabeledSummary> runs, string rowHeader = "Model") => new(
        ReportTable.FromMetrics("Throughput", rowHeader, ThroughputKeys, runs, "Throughput metrics (successful requests / benchmark duration)."),
        ReportTable.FromMetrics("Latency", rowHeader, LatencyKeys, runs, "Latency metrics (means over successful requests; ITL pooled over events)."));
}
