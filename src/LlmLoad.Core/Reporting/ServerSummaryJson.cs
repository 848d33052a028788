using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes the <c>server</c> array of summary.json and of each sweep.json level: one object per scraped page.
/// The engine's TTFT and queue time sit next to llmload's own TTFT, so their difference (time outside the
/// engine: network, proxy, tokenisation, client) can be read off directly. <see cref="Read"/> loads the array back,
/// for <c>llmload report</c> and <c>compare</c>.
/// </summary>
public static class ServerSummaryJson
{
    public const string Key = "server";

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ServerSummary> servers, RunSummary? run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(Key);
        foreach (var server in servers)
        {
            writer.WriteStartObject();
            writer.WriteString("url", server.Url.ToString());
            writer.WriteString("engine", server.Engine);
            writer.WriteNumber("scrapes", server.Scrapes);
            writer.WriteNumber("failed_scrapes", server.FailedScrapes);
            writer.WriteStartObject("gauges");
            foreach (var (name, gauge) in server.Gauges.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(name);
                SummaryScalarsJson.WriteNumber(writer, "mean", gauge.Mean);
                SummaryScalarsJson.WriteNumber(writer, "max", gauge.Max);
                writer.WriteNumber("samples", gauge.Samples);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteStartObject("counter_increase");
            foreach (var (name, increase) in server.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                SummaryScalarsJson.WriteNumber(writer, name, increase);
            }
            writer.WriteEndObject();
            SummaryScalarsJson.WriteNumber(writer, "prefix_cache_hit_rate", server.PrefixCacheHitRate);
            WriteLatency(writer, "server_ttft_ms", server.Ttft, run?.Ttft);
            WriteLatency(writer, "server_queue_time_ms", server.QueueTime, null);
            writer.WriteStartArray("notes");
            foreach (var note in server.Notes)
            {
                writer.WriteStringValue(note);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// The blocks of a <c>server</c> array as <see cref="Write"/> wrote them; empty when there is none (a run that scraped
    /// nothing, an older file). A block without a valid <c>url</c> is skipped; missing figures read as absent.
    /// </summary>
    public static IReadOnlyList<ServerSummary> Read(JsonNode? servers) =>
        servers is JsonArray array ? [.. array.OfType<JsonObject>().Select(ReadOne).OfType<ServerSummary>()] : [];

    private static ServerSummary? ReadOne(JsonObject server)
    {
        if (JsonText.Read(server["url"]) is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var gauges = (server["gauges"] as JsonObject ?? []).Where(g => g.Value is JsonObject).ToDictionary(
            g => g.Key,
            g => new ServerGauge(JsonNumber.Read(g.Value!["mean"]) ?? double.NaN, JsonNumber.Read(g.Value!["max"]) ?? double.NaN, (int)(JsonNumber.Read(g.Value!["samples"]) ?? 0)));
        var counters = (server["counter_increase"] as JsonObject ?? [])
            .Where(c => JsonNumber.Read(c.Value) is not null)
            .ToDictionary(c => c.Key, c => JsonNumber.Read(c.Value)!.Value);
        return new ServerSummary
        {
            Url = uri,
            Engine = JsonText.Read(server["engine"]),
            Scrapes = (int)(JsonNumber.Read(server["scrapes"]) ?? 0),
            FailedScrapes = (int)(JsonNumber.Read(server["failed_scrapes"]) ?? 0),
            Gauges = gauges,
            Counters = counters,
            PrefixCacheHitRate = JsonNumber.Read(server["prefix_cache_hit_rate"]),
            Ttft = ReadLatency(server["server_ttft_ms"]),
            QueueTime = ReadLatency(server["server_queue_time_ms"]),
            Notes = [.. (server["notes"] as JsonArray ?? []).Select(JsonText.Read).OfType<string>()],
        };
    }

    private static ServerLatency? ReadLatency(JsonNode? node) => node is JsonObject latency && JsonNumber.Read(latency["count"]) is { } count
        ? new ServerLatency(count, JsonNumber.Read(latency["mean"]), JsonNumber.Read(latency["p50"]), JsonNumber.Read(latency["p90"]), JsonNumber.Read(latency["p99"]))
        : null;

    private static void WriteLatency(Utf8JsonWriter writer, string key, ServerLatency? latency, LatencyStats? llmload)
    {
        if (latency is null)
        {
            writer.WriteNull(key);
            return;
        }
        writer.WriteStartObject(key);
        SummaryScalarsJson.WriteNumber(writer, "count", latency.Count);
        SummaryScalarsJson.WriteNumber(writer, "mean", latency.MeanMs);
        SummaryScalarsJson.WriteNumber(writer, "p50", latency.P50Ms);
        SummaryScalarsJson.WriteNumber(writer, "p90", latency.P90Ms);
        SummaryScalarsJson.WriteNumber(writer, "p99", latency.P99Ms);
        if (llmload is not null)
        {
            SummaryScalarsJson.WriteNumber(writer, "llmload_mean", llmload.Mean);
            SummaryScalarsJson.WriteNumber(writer, "llmload_p50", llmload.P50);
            SummaryScalarsJson.WriteNumber(writer, "llmload_p90", llmload.P90);
            SummaryScalarsJson.WriteNumber(writer, "llmload_p99", llmload.P99);
        }
        writer.WriteEndObject();
    }
}
