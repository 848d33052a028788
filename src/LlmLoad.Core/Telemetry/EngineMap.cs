using System.Text.Json;

namespace LlmLoad.Core.Telemetry;

/// <summary>
/// The known engines, read once from the embedded <c>engine-map.json</c> (one data file, so adding an engine or
/// a renamed metric touches no code). <see cref="Detect"/> names the engine that answers a page.
/// </summary>
public sealed class EngineMap
{
    private const string ResourceName = "LlmLoad.Core.Telemetry.engine-map.json";

    private static readonly Lazy<EngineMap> s_default = new(() =>
    {
        using var stream = typeof(EngineMap).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    private EngineMap(IReadOnlyList<EngineProfile> engines) => Engines = engines;

    /// <summary>The map built into llmload.</summary>
    public static EngineMap Default => s_default.Value;

    /// <summary>Engines in file order; detection tries them in this order.</summary>
    public IReadOnlyList<EngineProfile> Engines { get; }

    /// <summary>The first engine whose identifying metrics are on <paramref name="page"/>, or null (its metrics are then kept raw only).</summary>
    public EngineProfile? Detect(PrometheusExposition page) => Engines.FirstOrDefault(e => e.Matches(page));

    /// <summary>Reads a map in the <c>engine-map.json</c> layout; a malformed map is a build defect, so it throws.</summary>
    public static EngineMap Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var engines = new List<EngineProfile>();
        foreach (var engine in document.RootElement.GetProperty("engines").EnumerateArray())
        {
            var metrics = new List<EngineMetric>();
            foreach (var metric in engine.GetProperty("metrics").EnumerateObject())
            {
                var entry = metric.Value;
                var kind = entry.GetProperty("kind").GetString() switch
                {
                    "gauge" => EngineMetricKind.Gauge,
                    "counter" => EngineMetricKind.Counter,
                    "histogram" => EngineMetricKind.Histogram,
                    "counter_ratio" => EngineMetricKind.CounterRatio,
                    var other => throw new FormatException($"engine map: {metric.Name} has unknown kind \"{other}\""),
                };
                var labels = entry.TryGetProperty("labels", out var l)
                    ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                    : new Dictionary<string, string>();
                string[] denominator = entry.TryGetProperty("denominator", out var d) ? Strings(d) : [];
                var average = entry.TryGetProperty("aggregate", out var a) && a.GetString() == "mean";
                metrics.Add(new EngineMetric(metric.Name, kind, Strings(entry.GetProperty("names")), labels, denominator, average));
            }
            engines.Add(new EngineProfile(engine.GetProperty("name").GetString()!, Strings(engine.GetProperty("detect")), metrics));
        }
        return new EngineMap(engines);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
