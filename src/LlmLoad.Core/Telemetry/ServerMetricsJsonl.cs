using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Telemetry;

/// <summary>
/// Writes <c>server_metrics.jsonl</c>: one line per scrape, on the run clock like <c>requests.jsonl</c>:
/// <c>{"at_ms", "url", "duration_ms", "error"?, "engine"?, "metrics": {common name: value}, "raw": {series: value}}</c>.
/// <c>metrics</c> holds the mapped gauges and counters as scraped (counters cumulative); <c>raw</c> every
/// sample of the page, known or not, with non-finite values as null. <see cref="Read"/> loads the lines back.
/// </summary>
public static class ServerMetricsJsonl
{
    public const string FileName = "server_metrics.jsonl";

    // series keys are full of quotes (model_name="..."); JSON's own escapes keep them readable
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Stream stream, IReadOnlyList<ServerScrape> scrapes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(scrapes);
        foreach (var scrape in scrapes)
        {
            using (var writer = new Utf8JsonWriter(stream, s_options))
            {
                writer.WriteStartObject();
                writer.WriteNumber("at_ms", Math.Round(scrape.AtMs, 3));
                writer.WriteString("url", scrape.Url.ToString());
                writer.WriteNumber("duration_ms", Math.Round(scrape.DurationMs, 3));
                if (scrape.Error is { } error)
                {
                    writer.WriteString("error", error);
                }
                if (scrape.Page is { } page)
                {
                    if (scrape.Engine is { } engine)
                    {
                        writer.WriteString("engine", engine.Name);
                        writer.WriteStartObject("metrics");
                        foreach (var metric in engine.Metrics.Where(m => m.Kind is EngineMetricKind.Gauge or EngineMetricKind.Counter))
                        {
                            if (metric.Read(page) is { } value && double.IsFinite(value))
                            {
                                writer.WriteNumber(metric.Common, value);
                            }
                        }
                        writer.WriteEndObject();
                    }
                    writer.WriteStartObject("raw");
                    foreach (var sample in page.Samples)
                    {
                        writer.WritePropertyName(sample.Key);
                        if (double.IsFinite(sample.Value))
                        {
                            writer.WriteNumberValue(sample.Value);
                        }
                        else
                        {
                            writer.WriteNullValue();
                        }
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>
    /// The scrapes of a <c>server_metrics.jsonl</c> in file order, with their common metrics. A line that is not a
    /// scrape (torn by a kill, edited by hand) is skipped: the file is a record of what was seen, not the run's truth.
    /// </summary>
    public static IReadOnlyList<ServerMetricsSample> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var samples = new List<ServerMetricsSample>();
        while (reader.ReadLine() is { } line)
        {
            if (Parse(line) is { } sample)
            {
                samples.Add(sample);
            }
        }
        return samples;
    }

    private static ServerMetricsSample? Parse(string line)
    {
        JsonObject? scrape;
        try
        {
            scrape = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (scrape is null || JsonNumber.Read(scrape["at_ms"]) is not { } atMs
            || JsonText.Read(scrape["url"]) is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var metrics = (scrape["metrics"] as JsonObject ?? [])
            .Where(m => JsonNumber.Read(m.Value) is not null)
            .ToDictionary(m => m.Key, m => JsonNumber.Read(m.Value)!.Value);
        return new ServerMetricsSample(atMs, uri, JsonText.Read(scrape["engine"]), metrics, JsonText.Read(scrape["error"]));
    }
}
