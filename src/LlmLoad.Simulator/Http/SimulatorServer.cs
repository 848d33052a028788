using System.Text.Json;
using LlmLoad.Simulator.Hosting;
using LlmLoad.Simulator.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// The simulated OpenAI-compatible server: Kestrel on real sockets in front of a
/// <see cref="RealTimeEngineHost"/>. Endpoints: <c>POST /v1/chat/completions</c>,
/// <c>POST /v1/completions</c>, <c>GET /v1/models</c>, <c>GET /health</c>, <c>GET /metrics</c>.
/// </summary>
/// <example>
/// <code>
/// await using var server = await SimulatorServer.StartAsync(new SimulatorServerOptions { Profile = ProfileCatalog.Load("tiny") }, ct);
/// // point a client at server.BaseUrl + "v1"
/// </code>
/// </example>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RealTimeEngineHost _host;
    private readonly CancellationTokenSource _shutdown;
    private int _disposed;

    private SimulatorServer(WebApplication app, RealTimeEngineHost host, CancellationTokenSource shutdown, SimulatorProfile profile, Uri baseUrl)
    {
        _app = app;
        _host = host;
        _shutdown = shutdown;
        Profile = profile;
        BaseUrl = baseUrl;
    }

    /// <summary>The bound address with a trailing slash, e.g. <c>http://127.0.0.1:41235/</c>.</summary>
    public Uri BaseUrl { get; }

    public SimulatorProfile Profile { get; }

    /// <summary>The engine's state as of its last step.</summary>
    public EngineGauges Gauges => _host.Gauges;

    /// <summary>Starts listening; the engine thread starts with it.</summary>
    /// <exception cref="ArgumentException">Invalid options (all problems in the message, one per line).</exception>
    public static async Task<SimulatorServer> StartAsync(SimulatorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        PromptTokenCounter.Warm();
        var profile = options.Profile;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "llmload-sim", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.BindAddress, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = null; // a slow model is not a slow client
        });

        var app = builder.Build();
        var inFlight = new InFlightCounter();
        var host = new RealTimeEngineHost(profile, options.Seed + 7, options.Speedup, inFlight);
        var shutdown = new CancellationTokenSource();
        var metrics = new ServerMetrics(options.TimeToFirstTokenObserved);
        var handler = new CompletionHandler(profile, host, inFlight, metrics, options.Seed, options.Speedup, shutdown.Token);
        var modelsBody = ModelsBody(profile, options.ServedModelNames);

        app.MapPost("/v1/chat/completions", context => handler.HandleAsync(context, CompletionKind.Chat));
        app.MapPost("/v1/completions", context => handler.HandleAsync(context, CompletionKind.Text));
        app.MapPost("/v1/responses", context => handler.HandleAsync(context, CompletionKind.Responses));
        app.MapPost("/v1/messages", context => handler.HandleAsync(context, CompletionKind.Messages));
        app.MapGet("/v1/models", context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(modelsBody, context.RequestAborted).AsTask();
        });
        app.MapGet("/health", _ => Task.CompletedTask);
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(PrometheusText.Render(profile.ServedModelName, host.Gauges, inFlight.Current, metrics), context.RequestAborted);
        });

        host.Start();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            shutdown.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var address = app.Urls.First();
        return new SimulatorServer(app, host, shutdown, profile, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires (for <c>llmload serve</c>), then stops.</summary>
    public async Task RunUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the normal way to stop
        }

        await DisposeAsync();
    }

    /// <summary>Ends open requests, stops Kestrel and the engine thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _host.Dispose();
        _shutdown.Dispose();
    }

    /// <summary>
    /// The <c>/v1/models</c> list: the profile's name, or each of <paramref name="servedNames"/> (as vLLM lists
    /// LoRA adapters beside the base model); every name is served by the same simulated engine.
    /// </summary>
    private static byte[] ModelsBody(SimulatorProfile profile, IReadOnlyList<string> servedNames)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            foreach (var name in servedNames.Count > 0 ? servedNames : [profile.ServedModelName])
            {
                json.WriteStartObject();
                json.WriteString("id", name);
                json.WriteString("object", "model");
                json.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                json.WriteString("owned_by", "llmload-simulator");
                json.WriteString("root", name);
                json.WriteNull("parent");
                json.WriteNumber("max_model_len", profile.MaxModelLen);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
