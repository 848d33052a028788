using System.Text.Json.Nodes;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Running;

/// <summary>The run's configuration as written to <c>summary.json</c>, with every secret left out or redacted.</summary>
public static class RunConfiguration
{
    public static JsonObject ToJson(RunOptions options, string model)
    {
        var endpoint = options.Endpoint;
        var load = options.Load;
        var workload = options.Workload;
        var configuration = new JsonObject
        {
            ["base_url"] = endpoint.BaseUrl.GetLeftPart(UriPartial.Path),
            ["endpoint"] = endpoint.RequestUri.AbsolutePath,
            ["model"] = model,
            ["models"] = endpoint.Models?.ToString(),
            ["extra_body"] = endpoint.ExtraBody is { } extra ? JsonNode.Parse(extra.ToString()) : null,
            ["extra_body_override"] = endpoint.ExtraBody is null ? null : endpoint.ExtraBodyOverride,
            ["stream"] = endpoint.Stream,
            ["ignore_eos"] = endpoint.IgnoreEos,
            ["temperature"] = endpoint.Temperature,
            ["seed"] = endpoint.Seed,
            ["api_key_env"] = options.ApiKeyVariable,
            ["api_key"] = endpoint.ApiKey is { Length: > 0 } ? SecretRedactor.Redacted : null,
            ["headers"] = new JsonObject(endpoint.Headers.Select(header => SecretRedactor.Redact(header, endpoint.ShowHeaderValues))
                .Select(header => KeyValuePair.Create(header.Key, (JsonNode?)header.Value))),
            ["dataset"] = workload.Dataset,
            ["dataset_mix"] = workload.DatasetMix,
            ["input_tokens"] = workload.InputTokens,
            // a trace's default --output-tokens sends the trace's own lengths (WorkloadOptions.DefaultOutputTokens)
            ["output_tokens"] = IsTrace(workload) && workload.OutputTokens.Trim() == WorkloadOptions.DefaultOutputTokens ? "dataset" : workload.OutputTokens,
            ["prefix_tokens"] = workload.PrefixTokens,
            ["prefix_groups"] = workload.PrefixGroups,
            ["prefix_assignment"] = workload.PrefixAssignment,
            ["multi_turn"] = workload.MultiTurn,
            ["turns"] = workload.MultiTurn && workload.Dataset.Trim().Equals("synthetic", StringComparison.OrdinalIgnoreCase) ? workload.Turns ?? WorkloadOptions.DefaultTurns.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ["history"] = workload.MultiTurn ? workload.History ?? "server" : null,
            ["think_time"] = workload.MultiTurn ? load.ThinkTime.ToString() : null,
            ["num_sessions"] = load.NumSessions,
            ["max_context_tokens"] = load.MaxContextTokens,
            ["tokenizer"] = workload.Tokenizer,
            ["workload_seed"] = workload.Seed,
            ["concurrency"] = load.Concurrency,
            ["request_rate"] = load.RequestsPerSecond,
            ["arrival"] = load.TraceOffsetsMs is not null ? "trace" : load.IsOpenLoop ? load.Arrival.ToString() : null,
            ["num_requests"] = load.Duration is null && load.NumSessions is null ? load.NumRequests : null,
            ["duration_s"] = load.Duration?.TotalSeconds,
            ["warmup_requests"] = load.WarmupRequests,
            ["ttft_timeout_s"] = endpoint.TtftTimeout.TotalSeconds,
            ["idle_timeout_s"] = endpoint.IdleTimeout.TotalSeconds,
            ["total_timeout_s"] = endpoint.TotalTimeout.TotalSeconds,
            ["insecure"] = endpoint.Insecure,
            ["http_stack"] = endpoint.HttpStack.ToString().ToLowerInvariant(),
        };
        // only on trace runs, so the configuration of other runs reads as before
        if (load.TraceOffsetsMs is not null)
        {
            configuration["trace_speed"] = load.TraceSpeed;
        }
        if (workload.TraceWindow != TraceWindow.Whole)
        {
            configuration["trace_window"] = workload.TraceWindow.ToString();
        }
        if (workload.TraceSort)
        {
            configuration["trace_sort"] = true;
        }
        if (load.Ramp is { } ramp)
        {
            configuration["ramp"] = ramp.ToString();
        }
        return configuration;
    }

    private static bool IsTrace(WorkloadOptions workload) => DatasetSpec.TryParse(workload.Dataset, out var dataset, out _) && dataset.IsTrace;
}
