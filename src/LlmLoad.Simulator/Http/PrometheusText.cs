using System.Globalization;
using System.Text;
using LlmLoad.Simulator.Hosting;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Renders <c>/metrics</c> in the Prometheus text format with vLLM's metric names (label
/// <c>model_name</c>), plus <c>llmload_sim:</c> metrics for the modelled proxy layer.
/// </summary>
internal static class PrometheusText
{
    public static string Render(string modelName, EngineGauges gauges, int inFlight, ServerMetrics metrics)
    {
        var text = new StringBuilder(4096);
        var label = $"model_name=\"{Escape(modelName)}\"";

        Metric(text, "vllm:num_requests_running", "gauge", "Number of requests in model execution batches.", label, gauges.Running);
        Metric(text, "vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.", label, gauges.Waiting);
        Metric(text, "vllm:kv_cache_usage_perc", "gauge", "KV-cache usage. 1 means 100 percent usage.", label, gauges.KvCacheUsage);
        Metric(text, "vllm:prompt_tokens_total", "counter", "Number of prefill tokens processed.", label, gauges.PromptTokens);
        Metric(text, "vllm:generation_tokens_total", "counter", "Number of generation tokens processed.", label, gauges.GenerationTokens);
        Metric(text, "vllm:prefix_cache_queries_total", "counter", "Prefix cache queries, in terms of number of queried tokens.", label, gauges.PrefixCacheQueries);
        Metric(text, "vllm:prefix_cache_hits_total", "counter", "Prefix cache hits, in terms of number of cached tokens.", label, gauges.PrefixCacheHits);
        Metric(text, "vllm:num_preemptions_total", "counter", "Cumulative number of preemptions from the engine.", label, gauges.Preemptions);

        Header(text, "vllm:request_success_total", "counter", "Count of successfully processed requests.");
        Sample(text, "vllm:request_success_total", $"finished_reason=\"length\",{label}", metrics[SimulatedOutcome.FinishedLength]);
        Sample(text, "vllm:request_success_total", $"finished_reason=\"stop\",{label}", metrics[SimulatedOutcome.FinishedStop]);

        Histogram(text, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", label, metrics.TimeToFirstToken);
        Histogram(text, "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", label, metrics.QueueTime);
        Histogram(text, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", label, metrics.EndToEndLatency);

        Metric(text, "llmload_sim:requests_in_flight", "gauge", "Requests accepted by the modelled proxy and not yet finished.", label, inFlight);
        Header(text, "llmload_sim:requests_failed_total", "counter", "Requests that did not finish, by reason.");
        foreach (var (reason, outcome) in s_failures)
        {
            Sample(text, "llmload_sim:requests_failed_total", $"reason=\"{reason}\",{label}", metrics[outcome]);
        }

        Metric(text, "llmload_sim:malformed_events_total", "counter", "Stream events deliberately written as invalid JSON.", label, metrics.MalformedEvents);
        return text.ToString();
    }

    private static readonly (string Reason, SimulatedOutcome Outcome)[] s_failures =
    [
        ("bad_request", SimulatedOutcome.BadRequest),
        ("rejected_overload", SimulatedOutcome.RejectedOverload),
        ("injected_error", SimulatedOutcome.InjectedError),
        ("queue_full", SimulatedOutcome.QueueFull),
        ("first_byte_timeout", SimulatedOutcome.FirstByteTimeout),
        ("stream_cut", SimulatedOutcome.StreamCut),
        ("disconnect", SimulatedOutcome.Disconnect),
        ("client_aborted", SimulatedOutcome.ClientAborted),
    ];

    private static void Metric(StringBuilder text, string name, string type, string help, string labels, double value)
    {
        Header(text, name, type, help);
        Sample(text, name, labels, value);
    }

    private static void Histogram(StringBuilder text, string name, string help, string label, LatencyHistogram histogram)
    {
        Header(text, name, "histogram", help);
        var (cumulative, sum) = histogram.Snapshot();
        for (var i = 0; i < histogram.UpperBoundsSeconds.Count; i++)
        {
            Sample(text, name + "_bucket", $"le=\"{Number(histogram.UpperBoundsSeconds[i])}\",{label}", cumulative[i]);
        }

        Sample(text, name + "_bucket", $"le=\"+Inf\",{label}", cumulative[^1]);
        Sample(text, name + "_count", label, cumulative[^1]);
        Sample(text, name + "_sum", label, sum);
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(Number(value)).Append('\n');

    private static string Number(double value) => value.ToString("0.0###############", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
