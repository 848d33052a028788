using LlmLoad.Core.Recording;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting;

/// <summary>The end of a run's scraping: writes <c>server_metrics.jsonl</c> and summarizes each page over the measured window.</summary>
public static class ServerTelemetry
{
    /// <summary>
    /// The measured window is the first measured request's send to the last one's end (warm-up excluded), the
    /// span llmload's own throughput covers; with no measured request, every scrape counts.
    /// </summary>
    public static IReadOnlyList<ServerSummary> Finish(string directory, IReadOnlyList<Uri> urls, IReadOnlyList<ServerScrape> scrapes, IReadOnlyList<RequestRecord> records)
    {
        using (var file = File.Create(Path.Combine(directory, ServerMetricsJsonl.FileName)))
        {
            ServerMetricsJsonl.Write(file, scrapes);
        }
        var measured = records.Where(r => !r.Warmup).ToArray();
        var start = measured.Length > 0 ? measured.Min(r => r.SentAtMs) : double.NegativeInfinity;
        var end = measured.Length > 0 ? measured.Max(r => r.DoneAtMs ?? r.SentAtMs) : double.PositiveInfinity;
        return [.. urls.Select(url => ServerSummarizer.Summarize(url, scrapes, start, end))];
    }
}
