using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmLoad.Tests.Common;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, whose every response is scripted by the test
/// (reverse-proxy's TestEnvironment pattern): transport tests go through real sockets.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>
    /// Starts a server answering every request with <paramref name="handler"/>; <c>GET /v1/models</c> lists <paramref name="model"/>.
    /// <c>GET /metrics</c> answers 404, as a server without a metrics page does (llmload probes it at the start of
    /// a run), unless <paramref name="metricsPage"/> hands it to <paramref name="handler"/> too. <paramref name="models"/>,
    /// when given, is listed instead of <paramref name="model"/> (several models or LoRA adapters behind one endpoint).
    /// </summary>
    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler, string model = "test-model", bool metricsPage = false, IReadOnlyList<string>? models = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = (models ?? [model]).Select(id => new { id, @object = "model" }).ToArray() }));
        if (!metricsPage)
        {
            app.MapGet("/metrics", () => Results.NotFound());
        }
        app.Map("/{**path}", handler);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new LoopbackServer(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
