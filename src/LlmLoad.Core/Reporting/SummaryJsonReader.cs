using System.Globalization;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Rebuilds a <see cref="RunSummary"/> from the object <see cref="SummaryJsonWriter"/> writes (or
/// a sweep level of sweep.json), so saved results can be re-rendered. Every
/// <see cref="MetricCatalog"/> value reads back as written; what the file does not hold stays
/// empty: latency sample counts (<see cref="LatencyStats.Count"/> is 0) and, unless a
/// <c>time_series</c> object is present, the per-second series (its peaks are restored).
/// Missing keys read as null or 0, so older or hand-made files load too.
/// </summary>
public static class SummaryJsonReader
{
    public static RunSummary Read(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        double duration = Number(root, "duration") ?? 0;
        RequestSlo? slo = root[SummaryJsonWriter.SloKey] is JsonValue sloText
            && RequestSlo.TryParse(sloText.GetValue<string>(), out RequestSlo? parsed, out _) ? parsed : null;
        double? goodput = Number(root, "request_goodput");
        return new RunSummary
        {
            Completed = Count(root, "completed"),
            Failed = Count(root, "failed"),
            Cancelled = Count(root, "cancelled"),
            DurationSeconds = duration,
            TotalInputTokens = (long)(Number(root, "total_input_tokens") ?? 0),
            TotalServerInputTokens = (long?)Number(root, "total_server_input_tokens"),
            TotalOutputTokens = (long)(Number(root, "total_output_tokens") ?? 0),
            DecodeTokensPerSecondPerRequest = Number(root, "decode_throughput_per_request"),
            Ttft = Stats(root, "ttft"),
            Tpot = Stats(root, "tpot"),
            Itl = Stats(root, "itl"),
            E2el = Stats(root, "e2el"),
            QueueTime = Stats(root, "client_queue_time"),
            OpenLoopTtft = Stats(root, "ttft_including_client_queue"),
            OpenLoopE2el = Stats(root, "e2el_including_client_queue"),
            MeanTokensPerChunk = Number(root, "mean_tokens_per_chunk"),
            ErrorsByClass = Errors(root[MetricCatalog.ErrorsKey] as JsonObject),
            ErrorsByClassAndStatus = Errors(root[MetricCatalog.ErrorsByStatusKey] as JsonObject),
            TokenCounts = new TokenCountMismatch
            {
                Compared = Count(root, "token_count_compared"),
                Mismatched = Count(root, "token_count_mismatched"),
                MeanAbsoluteDifference = Number(root, "token_count_mean_abs_diff"),
            },
            TimeSeries = Series(root) with
            {
                PeakInFlight = Count(root, "peak_concurrency"),
                PeakOutputTokensPerSecond = Number(root, "peak_output_throughput") ?? 0,
            },
            Slo = slo,
            Steady = Steady(root),
            // the file keeps the rate; the count it came from is rate x duration, a whole number
            GoodRequests = goodput is { } rate ? (int)Math.Round(rate * duration) : null,
            SloMetByMetric = SloMetByMetric(root, Count(root, "completed") + Count(root, "failed")),
            MultiTurn = MultiTurnJson.Read(root),
            ByModel = root[SummaryScalarsJson.ByModelKey] is JsonObject byModel
                ? [.. byModel.Where(model => model.Value is JsonObject).Select(model => new ModelSummary(model.Key, Read((JsonObject)model.Value!)))]
                : null,
            MaxConcurrency = (int?)Number(root, "max_concurrency"),
            RequestRate = Number(root, "request_rate"),
        };
    }

    private static SteadyWindow? Steady(JsonObject root) =>
        Number(root, "steady_window_start_s") is { } start && Number(root, "steady_window_end_s") is { } end
            && Number(root, "steady_request_throughput") is { } requests && Number(root, "steady_output_throughput") is { } tokens
            ? new SteadyWindow(start, end, requests, tokens)
            : null;

    // the file keeps each share of attempted requests; the count it came from is share x attempted, a whole number
    private static Dictionary<RequestSloMetric, int> SloMetByMetric(JsonObject root, int attempted) =>
        RequestSloMetricNames.All
            .Where(metric => Number(root, MetricCatalog.SloAttainmentKey(metric)) is not null)
            .ToDictionary(metric => metric, metric => (int)Math.Round(Number(root, MetricCatalog.SloAttainmentKey(metric))!.Value * attempted));

    private static double? Number(JsonObject root, string key) => JsonNumber.Read(root[key]);

    private static int Count(JsonObject root, string key) => (int)(Number(root, key) ?? 0);

    private static LatencyStats Stats(JsonObject root, string metric)
    {
        double? Get(string statistic) => Number(root, MetricCatalog.LatencyKey(statistic, metric));
        return new LatencyStats
        {
            Mean = Get("mean"),
            P50 = Get("median"),
            Std = Get("std"),
            Min = Get("min"),
            P90 = Get("p90"),
            P95 = Get("p95"),
            P99 = Get("p99"),
            // files written before vLLM's spelling was adopted say p99_9
            P99_9 = Get("p99.9") ?? Get("p99_9"),
            Max = Get("max"),
        };
    }

    /// <summary>Reads <c>{"http_status 503": 12, "timeout_ttft": 3}</c>; labels of unknown classes are skipped.</summary>
    private static IReadOnlyList<ErrorCount> Errors(JsonObject? errors)
    {
        var counts = new List<ErrorCount>();
        foreach ((string label, JsonNode? count) in errors ?? [])
        {
            string[] parts = label.Split(' ', 2);
            int? status = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? code : null;
            if (RequestOutcomeNames.TryParse(parts[0], out RequestOutcome outcome) && count is JsonValue value)
            {
                counts.Add(new ErrorCount(outcome, status, value.GetValue<int>()));
            }
        }
        return counts;
    }

    private static TimeSeries Series(JsonObject root)
    {
        if (root[MetricCatalog.TimeSeriesKey] is not JsonObject series)
        {
            return TimeSeries.Empty;
        }
        double[] Array(string key) => (series[key] as JsonArray ?? []).Select(v => JsonNumber.Read(v) ?? 0).ToArray();
        return new TimeSeries
        {
            InFlightMean = Array("in_flight_mean"),
            InFlightMax = [.. Array("in_flight_max").Select(v => (int)v)],
            Completions = [.. Array("completions").Select(v => (int)v)],
            OutputTokens = Array("output_tokens"),
            Errors = [.. Array("errors").Select(v => (int)v)],
            Offered = [.. Array(MetricCatalog.OfferedSeriesKey).Select(v => (int)v)],
        };
    }
}
