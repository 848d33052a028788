namespace LlmLoad.Core.Transport;

/// <summary>Where and how requests are sent. Validated once by the caller; never contains a secret in a file.</summary>
public sealed record EndpointOptions
{
    /// <summary>
    /// Server root, e.g. <c>http://gpu-box:8000</c> (a trailing <c>/v1</c> is accepted). Never holds a user name or
    /// password: the caller moves those to <see cref="UrlCredentials"/> (<see cref="UrlUserInfo"/>), so echoing the URL is safe.
    /// </summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>"user:password" typed into the base URL; sent as HTTP Basic authorization, never written anywhere.</summary>
    public string? UrlCredentials { get; init; }

    public EndpointApi Api { get; init; } = EndpointApi.Chat;

    /// <summary>The model id; resolved from <c>GET /v1/models</c> before the run when not given.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Several models by weight (<c>--model a:3,b:1</c>; LoRA adapters are models on vLLM and SGLang): each request
    /// picks one, by the workload's seed. Null: every request names <see cref="Model"/>, which then holds the mix's first name.
    /// </summary>
    public Workload.WeightedMix? Models { get; init; }

    /// <summary>Fields merged into every request body (<c>--extra-body</c>); null: none.</summary>
    public ExtraBody? ExtraBody { get; init; }

    /// <summary>An <see cref="ExtraBody"/> key that llmload also sets replaces llmload's (<c>--extra-body-override</c>); otherwise such a key is refused.</summary>
    public bool ExtraBodyOverride { get; init; }

    public bool Stream { get; init; } = true;

    public bool IgnoreEos { get; init; }

    public double? Temperature { get; init; }

    public int? Seed { get; init; }

    /// <summary>The API key, read from the environment; sent as a bearer token, never written anywhere.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Extra request headers (name, value). One named like a default header (<c>Authorization</c>) replaces it.
    /// Their values are redacted in every file, log and message unless <see cref="ShowHeaderValues"/>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>
    /// Write the values of <see cref="Headers"/> in files and messages (<c>--show-header-values</c>); values of
    /// secret-looking names (<see cref="SecretRedactor.IsSecretName"/>) stay redacted all the same.
    /// </summary>
    public bool ShowHeaderValues { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait from send to the first token.</summary>
    public TimeSpan TtftTimeout { get; init; } = DefaultTtftTimeout;

    /// <summary>Longest gap between two reads once the response started.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>Longest whole request.</summary>
    public TimeSpan TotalTimeout { get; init; } = DefaultTotalTimeout;

    // the defaults, named so that the command line and study files give the same ones
    public static readonly TimeSpan DefaultTtftTimeout = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(600);

    /// <summary>The client stack that sends the requests.</summary>
    public HttpStack HttpStack { get; init; } = HttpStack.Builtin;

    /// <summary>Skip TLS certificate verification (warned about on the console).</summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// Puts the default <c>Authorization</c> (Basic from <see cref="UrlCredentials"/>, else Bearer from <see cref="ApiKey"/>)
    /// and the extra headers on a request to this endpoint. A user header of the same name is sent instead of the
    /// default, never next to it: two values would be merged into one unusable "Bearer a, Bearer b".
    /// </summary>
    public void AddCredentialsAndHeaders(HttpRequestMessage message)
    {
        if (!HasHeader(AuthorizationHeader) && DefaultAuthorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation(AuthorizationHeader, authorization);
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>One line for each credential that is given but not sent because another replaces it; empty when all are sent.</summary>
    public IReadOnlyList<string> ReplacedCredentialNotices()
    {
        var hasKey = ApiKey is { Length: > 0 };
        if (HasHeader(AuthorizationHeader) && (UrlCredentials is not null || hasKey))
        {
            var replaced = UrlCredentials is not null ? "the Basic authorization from the base URL's user name and password" : "the API key's bearer token";
            return [$"your Authorization header replaces {replaced}; only yours is sent."];
        }
        return UrlCredentials is not null && hasKey
            ? ["the base URL's user name and password are sent as Basic authorization; the API key is not sent."]
            : [];
    }

    private const string AuthorizationHeader = "Authorization";

    private string? DefaultAuthorization =>
        UrlCredentials is { } credentials ? "Basic " + UrlUserInfo.BasicToken(credentials)
        : ApiKey is { Length: > 0 } apiKey ? "Bearer " + apiKey
        : null;

    /// <summary>Whether the user gave a header of this name (a loop: this runs for every request).</summary>
    private bool HasHeader(string name)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The URL requests are posted to.</summary>
    public Uri RequestUri => new(ApiRoot, Api switch
    {
        EndpointApi.Chat => "chat/completions",
        EndpointApi.Completions => "completions",
        EndpointApi.Responses => "responses",
        _ => "messages",
    });

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
