using LlmLoad.Core.Transport;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>One level of the client side: closed loop at <see cref="Concurrency"/>, or open loop at <see cref="RequestsPerSecond"/>.</summary>
public sealed record ClientOptions
{
    public required Uri Url { get; init; }

    /// <summary>Closed-loop users; null for an open loop.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Open-loop Poisson rate; null for a closed loop.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>How long the measured pass schedules new requests (after its first wave).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Users of the warm-up pass, i.e. connections opened before measuring; defaults to <see cref="Concurrency"/> (open loop: 500).</summary>
    public int WarmConcurrency { get; init; }

    /// <summary>
    /// Requests of the warm-up pass: enough for the JIT's tier-1 code to replace the start-up code on the whole
    /// path (with fewer, background compilation lands inside the measured window and adds ~0.5 ms per request).
    /// </summary>
    public int WarmRequests { get; init; } = 2000;

    /// <summary>Tokens per request (the server's <c>--tokens</c>); only sizes the body's <c>max_tokens</c>.</summary>
    public int Tokens { get; init; } = 100;

    /// <summary>Server ITL in ms, for the upper bound of pre-built bodies.</summary>
    public double ServerItlMs { get; init; } = 2;

    /// <summary>The client stack under test (<c>--http-stack builtin|dotnet</c>; llmload, the former name, is builtin).</summary>
    public HttpStack HttpStack { get; init; } = HttpStack.Builtin;

    public string Label => Concurrency is { } users ? $"closed c={users}" : $"open {RequestsPerSecond:0} req/s";

    public static ClientOptions From(HarnessArguments args)
    {
        var concurrency = args.Has("rate") ? (int?)null : args.Integer("concurrency", 100);
        return new ClientOptions
        {
            Url = new Uri(args.Text("url") ?? throw new ArgumentException("client mode needs --url http://127.0.0.1:PORT")),
            Concurrency = concurrency,
            RequestsPerSecond = args.Has("rate") ? args.Number("rate", 2000) : null,
            Duration = TimeSpan.FromSeconds(args.Number("duration-seconds", 10)),
            WarmConcurrency = args.Integer("warm-concurrency", concurrency ?? 500),
            WarmRequests = args.Integer("warm-requests", 2000),
            Tokens = args.Integer("tokens", 100),
            ServerItlMs = args.Number("itl-ms", 2),
            HttpStack = ParseHttpStack(args.Text("http-stack", "builtin")),
        };
    }

    /// <summary>builtin or dotnet, as the CLI's <c>--http-stack</c>; llmload, the former name of builtin, is still accepted.</summary>
    private static HttpStack ParseHttpStack(string text) => text.ToLowerInvariant() switch
    {
        "llmload" => HttpStack.Builtin,
        _ => Enum.Parse<HttpStack>(text, ignoreCase: true),
    };
}
