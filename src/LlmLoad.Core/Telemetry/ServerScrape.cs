namespace LlmLoad.Core.Telemetry;

/// <summary>
/// One scrape of one page: when it started on the run clock (ms, as <c>requests.jsonl</c>), how long it took,
/// and either the parsed page with the engine that answered it, or why it failed.
/// </summary>
public sealed record ServerScrape(Uri Url, double AtMs, double DurationMs, PrometheusExposition? Page, string? Error)
{
    /// <summary>The engine whose metrics are on the page; null when unknown (the page is kept raw) or failed.</summary>
    public EngineProfile? Engine { get; } = Page is null ? null : EngineMap.Default.Detect(Page);

    public bool Succeeded => Page is not null;
}
