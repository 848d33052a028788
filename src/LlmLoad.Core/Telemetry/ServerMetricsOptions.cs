using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Telemetry;

/// <summary>
/// Which <c>/metrics</c> pages a run scrapes, and how often. No <see cref="Urls"/> (and not <see cref="Off"/>):
/// the endpoint's own <c>/metrics</c> when it answers with Prometheus text, nothing when it does not.
/// </summary>
public sealed record ServerMetricsOptions
{
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <summary><c>--server-metrics off</c>: no scraping at all.</summary>
    public bool Off { get; init; }

    public TimeSpan ScrapeInterval { get; init; } = DefaultScrapeInterval;

    public static readonly TimeSpan DefaultScrapeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with the options, each naming its field.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var problems = new List<OptionProblem>();
        if (ScrapeInterval < TimeSpan.FromMilliseconds(50) || ScrapeInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add(new(OptionField.ScrapeInterval, null, $"{ScrapeInterval.TotalSeconds:0.###}s is out of range; give 50ms to 10m (default {DefaultScrapeInterval.TotalSeconds:0.###}s)."));
        }
        if (Off && Urls.Count > 0)
        {
            problems.Add(new(OptionField.ServerMetrics, null, "off and a {server_metrics} URL were both given; give one or the other."));
        }
        foreach (var url in Urls)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            {
                problems.Add(new(OptionField.ServerMetrics, url.ToString(), "must be an http:// or https:// URL, e.g. http://gpu-box:9400/metrics, or off."));
            }
        }
        return problems;
    }

    /// <summary>The endpoint's own page: its root (where vLLM, SGLang and TGI serve it) plus <c>/metrics</c>.</summary>
    public static Uri DefaultUrl(Uri baseUrl) => new(new Uri(baseUrl.GetLeftPart(UriPartial.Authority)), "/metrics");
}
