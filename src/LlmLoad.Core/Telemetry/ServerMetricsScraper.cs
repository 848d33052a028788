using System.Diagnostics;
using System.Net;
using System.Net.Security;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Telemetry;

/// <summary>
/// Scrapes the server's <c>/metrics</c> pages on its own timer while a run's load goes on. It has its own
/// <see cref="HttpClient"/> (one connection per page, never the load's), and a scrape that fails, hangs past
/// its timeout or returns no Prometheus text is recorded and skipped: nothing here can fail or delay the run.
/// </summary>
public sealed class ServerMetricsScraper : IAsyncDisposable
{
    /// <summary>
    /// How long the probe of the endpoint's own <c>/metrics</c> may take. It runs before the load, so waiting delays
    /// no request, and a server in a fresh process can take seconds over its first page (measured: over 1 s for the
    /// embedded simulator on 2 busy cores), longer than a scrape's timeout; timing out there switched scraping off.
    /// </summary>
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client;
    private readonly IReadOnlyList<Uri> _urls;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly RunClock _clock;
    private readonly EndpointOptions _endpoint;
    private readonly List<ServerScrape> _scrapes = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private ServerMetricsScraper(HttpClient client, IReadOnlyList<Uri> urls, TimeSpan interval, RunClock clock, EndpointOptions endpoint)
    {
        _endpoint = endpoint;
        _client = client;
        _urls = urls;
        _interval = interval;
        _timeout = ScrapeTimeout(interval);
        _clock = clock;
    }

    /// <summary>The pages scraped (in the order given).</summary>
    public IReadOnlyList<Uri> Urls => _urls;

    /// <summary>
    /// Starts scraping, with a first scrape of every page before it returns (the baseline of the counters).
    /// Returns null when there is nothing to scrape: <c>off</c>, or no URL given and the endpoint's own
    /// <c>/metrics</c> does not answer with Prometheus text.
    /// </summary>
    public static async Task<ServerMetricsScraper?> StartAsync(ServerMetricsOptions options, EndpointOptions endpoint, RunClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Off)
        {
            return null;
        }
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = CreateClient(endpoint.Insecure);
        var urls = options.Urls;
        if (urls.Count == 0)
        {
            var url = ServerMetricsOptions.DefaultUrl(endpoint.BaseUrl);
            var probe = await ScrapeAsync(client, url, endpoint, clock, s_probeTimeout, cancellationToken).ConfigureAwait(false);
            if (probe.Page is not { Samples.Count: > 0 })
            {
                client.Dispose();
                return null; // the endpoint has no metrics page: silently off, as documented
            }
            urls = [url];
        }
        var scraper = new ServerMetricsScraper(client, urls, options.ScrapeInterval, clock, endpoint);
        await scraper.ScrapeAllAsync(cancellationToken).ConfigureAwait(false);
        scraper._loop = scraper.LoopAsync();
        return scraper;
    }

    /// <summary>Stops the timer, takes a last scrape of every page (the end of the counters' window) and returns every scrape in time order.</summary>
    public async Task<IReadOnlyList<ServerScrape>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        await ScrapeAllAsync(CancellationToken.None).ConfigureAwait(false);
        return [.. _scrapes.OrderBy(s => s.AtMs)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _client.Dispose();
    }

    private async Task LoopAsync()
    {
        // PeriodicTimer keeps to the period's grid and skips ticks missed during a slow scrape (no drift, no pile-up)
        using var timer = new PeriodicTimer(_interval, _clock.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await ScrapeAllAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private async Task ScrapeAllAsync(CancellationToken cancellationToken)
    {
        var scrapes = await Task.WhenAll(_urls.Select(url => ScrapeAsync(_client, url, _endpoint, _clock, _timeout, cancellationToken))).ConfigureAwait(false);
        lock (_scrapes)
        {
            _scrapes.AddRange(scrapes.Where(s => s.Error != Cancelled));
        }
    }

    private const string Cancelled = "cancelled";

    /// <summary>
    /// One scrape. A page on the endpoint's own origin gets the endpoint's key and headers (a gateway that guards
    /// the API may guard <c>/metrics</c> too); a page elsewhere (a GPU exporter) never sees them.
    /// </summary>
    private static async Task<ServerScrape> ScrapeAsync(HttpClient client, Uri url, EndpointOptions endpoint, RunClock clock, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var at = clock.NowMs();
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (Uri.Compare(url, endpoint.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                endpoint.AddCredentialsAndHeaders(request);
            }
            using var response = await client.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new ServerScrape(url, at, watch.Elapsed.TotalMilliseconds, null, $"HTTP {(int)response.StatusCode}");
            }
            var page = PrometheusTextParser.Parse(text);
            return page.Samples.Count == 0
                ? new ServerScrape(url, at, watch.Elapsed.TotalMilliseconds, null, "not Prometheus text" + (page.Problems.Count > 0 ? $" ({page.Problems[0]})" : " (empty page)"))
                : new ServerScrape(url, at, watch.Elapsed.TotalMilliseconds, page, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ServerScrape(url, at, watch.Elapsed.TotalMilliseconds, null, Cancelled);
        }
        catch (OperationCanceledException)
        {
            return new ServerScrape(url, at, watch.Elapsed.TotalMilliseconds, null,
                $"no answer within {timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new ServerScrape(url, at, watch.Elapsed.TotalMilliseconds, null, e.Message);
        }
    }

    /// <summary>A page slower than this is skipped: at least two intervals so a loaded server can answer, at least 1 s, at most 10 s.</summary>
    private static TimeSpan ScrapeTimeout(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Clamp(interval.Ticks * 2, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(10).Ticks));

    /// <summary>The client has no timeout of its own: each scrape sets its own (the probe's is longer).</summary>
    private static HttpClient CreateClient(bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1, // one scrape per server at a time
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All, // exporters may gzip; these bytes are not measured
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        if (insecure)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
