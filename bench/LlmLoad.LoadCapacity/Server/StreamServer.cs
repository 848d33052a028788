using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmLoad.LoadCapacity.Server;

/// <summary>
/// The loopback SSE server of the harness (<c>server</c> mode): Kestrel on 127.0.0.1, every
/// <c>POST /v1/chat/completions</c> streams <c>--tokens</c> one-token chunks. Token <c>k</c> of a request is due
/// <c>k × itl</c> after the request arrived, with each request's ITL spread ±<c>--itl-spread</c> around
/// <c>--itl-ms</c> (from its index, so repeatable) so that closed-loop users drift apart instead of moving in
/// lock-step; <c>--itl-ms 0</c> writes every token at once. The first token is written immediately and stamped
/// (<see cref="ServerStamps"/>), so the server's own TTFT is tens of microseconds.
/// </summary>
/// <remarks>
/// Control endpoints for the client: <c>POST /reset</c> clears the stamps, <c>GET /stamps?from=&amp;count=</c>
/// returns them, <c>GET /cpu</c> returns this process's CPU time in ms. The server exits by itself after
/// <c>--max-seconds</c>, so a forgotten one cannot run on.
/// </remarks>
public sealed class StreamServer
{
    private readonly ChunkPayloads _payloads;
    private readonly ServerStamps _stamps;
    private readonly TimeSpan _itl;
    private readonly double _itlSpread;

    private StreamServer(HarnessArguments args)
    {
        _payloads = new ChunkPayloads(args.Integer("tokens", 100));
        _stamps = new ServerStamps(args.Integer("capacity", 2_000_000));
        _itl = TimeSpan.FromMilliseconds(args.Number("itl-ms", 2));
        _itlSpread = args.Number("itl-spread", 0.25);
    }

    public static async Task<int> RunAsync(HarnessArguments args)
    {
        var server = new StreamServer(args);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // a level opens up to 10,000 connections at once: a short accept queue drops SYNs, and each drop costs the
        // client a 1 s (then 3 s) retransmission that would show as TTFT; 4096 is the kernel's somaxconn cap here
        builder.WebHost.UseSockets(sockets => sockets.Backlog = args.Integer("backlog", 4096));
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
            // slow-paced streams write a few hundred bytes a second; no rate limit may cut them
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Listen(IPAddress.Loopback, args.Integer("port", 0));
        });
        await using var app = builder.Build();
        app.MapPost("/v1/chat/completions", server.StreamAsync);
        app.MapGet("/v1/models", () => Results.Text("{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}", "application/json"));
        app.MapPost("/reset", () => server._stamps.Clear());
        app.MapGet("/stamps", (int from, int count) => Results.Bytes(server._stamps.Export(from, count), "application/octet-stream"));
        app.MapGet("/cpu", () => ProcessStats.CpuTime().TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture));

        // ends on SIGTERM/Ctrl-C (the host's stopping token) or after --max-seconds, whichever comes first
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(app.Lifetime.ApplicationStopping);
        lifetime.CancelAfter(TimeSpan.FromSeconds(args.Number("max-seconds", 600)));
        await app.StartAsync(lifetime.Token);
        var address = app.Urls.First();
        // the suite reads this line to learn the port
        Console.WriteLine("listening " + address);
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            // stopped, or --max-seconds passed
        }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    private async Task StreamAsync(HttpContext context)
    {
        var receivedUs = WallClock.NowUnixMicroseconds();
        var start = Stopwatch.GetTimestamp();
        var index = await RequestIndex.ReadAsync(context.Request, context.RequestAborted);
        var stamped = _stamps.Holds(index);
        if (stamped)
        {
            _stamps.Received(index, receivedUs);
        }
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var body = response.BodyWriter;
        var cancellationToken = context.RequestAborted;
        if (stamped)
        {
            _stamps.FirstEvent(index, WallClock.NowUnixMicroseconds());
        }
        await body.WriteAsync(_payloads.First, cancellationToken);

        var itl = _itl * (1 + _itlSpread * (2 * Spread(index) - 1));
        for (var k = 1; k < _payloads.Tokens; k++)
        {
            var wait = itl * k - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            await body.WriteAsync(_payloads.Token[k], cancellationToken);
        }
        await body.WriteAsync(_payloads.Tail, cancellationToken);
    }

    /// <summary>A number in [0, 1) fixed by the index (the golden-ratio sequence: evenly spread, repeatable).</summary>
    private static double Spread(int index) => index < 0 ? 0.5 : index * 0.6180339887498949 % 1.0;
}
