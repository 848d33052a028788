namespace LlmLoad.Core.Transport;

/// <summary>Where and how requests are sent. Validated once by the caller; never contains a secret in a file.</summary>
public sealed record EndpointOptions
{
    /// <summary>Server root, e.g. <c>http://gpu-box:8000</c> (a trailing <c>/v1</c> is accepted).</summary>
    public required Uri BaseUrl { get; init; }

    public EndpointApi Api { get; init; } = EndpointApi.Chat;

    /// <summary>The model id; resolved from <c>GET /v1/models</c> before the run when not given.</summary>
    public string? Model { get; init; }

    public bool Stream { get; init; } = true;

    public bool IgnoreEos { get; init; }

    public double? Temperature { get; init; }

    public int? Seed { get; init; }

    /// <summary>The API key, read from the environment; sent as a bearer token, never written anywhere.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Extra request headers (name, value); values of secret-looking names are redacted in files.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait from send to the first token.</summary>
    public TimeSpan TtftTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest gap between two reads once the response started.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest whole request.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>The client stack that sends the requests.</summary>
    public HttpStack HttpStack { get; init; } = HttpStack.Llmload;

    /// <summary>Skip TLS certificate verification (warned about on the console).</summary>
    public bool Insecure { get; init; }

    /// <summary>Puts the API key (as a bearer token) and the extra headers on a request to this endpoint.</summary>
    public void AddCredentialsAndHeaders(HttpRequestMessage message)
    {
        if (ApiKey is { Length: > 0 } apiKey)
        {
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>The URL requests are posted to.</summary>
    public Uri RequestUri => new(ApiRoot, Api == EndpointApi.Chat ? "chat/completions" : "completions");

    /// <summary>The URL of <c>GET /v1/models</c>.</summary>
    public Uri ModelsUri => new(ApiRoot, "models");

    /// <summary>The <c>…/v1/</c> root, whether or not the user typed <c>/v1</c>.</summary>
    private Uri ApiRoot
    {
        get
        {
            var path = BaseUrl.AbsolutePath.TrimEnd('/');
            var root = path.EndsWith("/v1", StringComparison.Ordinal) ? path : path + "/v1";
            return new UriBuilder(BaseUrl) { Path = root + "/" }.Uri;
        }
    }
}
