using System.CommandLine;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Telemetry;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The flags that describe one load level (endpoint, workload, load model, output), shared by every
/// command that runs load. <see cref="Bind"/> turns a parse into <see cref="RunOptions"/> plus every problem found.
/// </summary>
internal sealed class RunOptionSet(bool perLevelLoadFromSweep = false)
{
    public const string DefaultApiKeyVariable = ApiKeySource.DefaultVariable;

    /// <summary>The longest <c>--label</c>: it becomes a directory name, whose limit is 255 bytes on most file systems.</summary>
    public const int MaxLabelLength = 100;

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "Server root, e.g. http://gpu-box:8000. Omit it to benchmark the embedded simulator." };
    public Option<string> SimProfile { get; } = new("--sim-profile") { Description = "Without --base-url: the simulator profile (see `llmload profiles`) or a profile JSON file.", DefaultValueFactory = _ => "gpt-oss-20b" };
    public Option<string> Api { get; } = new("--api") { Description = "chat (/v1/chat/completions), completions (/v1/completions), responses (/v1/responses) or messages (/v1/messages, Anthropic's).", DefaultValueFactory = _ => "chat" };
    public Option<string?> Model { get; } = new("--model") { Description = "Model id, or a mix by weight (a:3,b:1; LoRA adapters too); default: the first id from GET /v1/models." };
    public Option<bool> NoStream { get; } = new("--no-stream") { Description = "Send non-streaming requests (only E2EL and throughput are measured)." };
    public Option<string?> ApiKeyEnv { get; } = new("--api-key-env") { Description = $"Environment variable holding the API key (default {DefaultApiKeyVariable} when set)." };
    public Option<string?> ApiKeyFile { get; } = new("--api-key-file") { Description = "File whose first line is the API key (instead of --api-key-env)." };

    /// <summary>Never takes a key (<see cref="ApiKeySource.CreateLiteralKeyOption"/>).</summary>
    public Option<string?> LiteralApiKey { get; } = ApiKeySource.CreateLiteralKeyOption();
    public Option<string[]> Headers { get; } = new("--header") { Description = "Extra request header \"Name: value\" (repeatable); replaces a default of the same name (Authorization). Values are redacted in every output.", Arity = ArgumentArity.ZeroOrMore };
    public Option<bool> ShowHeaderValues { get; } = new("--show-header-values") { Description = "Write --header values in results and messages (values of names with key, token, secret, auth... stay redacted)." };
    public Option<bool> IgnoreEos { get; } = new("--ignore-eos") { Description = "Ask the server to generate all max_tokens (vLLM, SGLang)." };
    public Option<double?> Temperature { get; } = CliValues.OptionalDouble("--temperature", "Sampling temperature sent with each request.", 0, inclusive: true);
    public Option<int?> Seed { get; } = CliValues.OptionalInt("--seed", "Seed sent with each request and used for prompt sampling.", 0);
    public Option<string> Dataset { get; } = new("--dataset") { Description = "synthetic, sharegpt:PATH, jsonl:PATH, or a trace to replay: mooncake:PATH or azure:PATH (docs/traces.md).", DefaultValueFactory = _ => WorkloadOptions.DefaultDataset };
    public Option<string> InputTokens { get; } = new("--input-tokens") { Description = "Prompt lengths: MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD, lognormal:MEAN:STD.", DefaultValueFactory = _ => WorkloadOptions.DefaultInputTokens };
    public Option<string> OutputTokens { get; } = new("--output-tokens") { Description = "max_tokens: N, dataset[:CAP], or a distribution as for --input-tokens.", DefaultValueFactory = _ => WorkloadOptions.DefaultOutputTokens };
    public Option<int> PrefixTokens { get; } = CliValues.Int("--prefix-tokens", "Shared prefix length for synthetic prompts.", 0, 0);
    public Option<string> Tokenizer { get; } = new("--tokenizer") { Description = "o200k_base, o200k_harmony, cl100k_base, or a tokenizer.json path.", DefaultValueFactory = _ => TokenizerCatalog.DefaultName };
    public Option<int?> Concurrency { get; } = CliValues.OptionalInt("--concurrency", "Concurrent users (closed loop), or the in-flight cap with --rate. Default 32 without --rate.", 1);
    public Option<double?> Rate { get; } = CliValues.OptionalDouble("--rate", "Open loop: mean arrivals per second.", 0);
    public Option<string?> Ramp { get; } = new("--ramp") { Description = "Ramp the load within the run and find where TTFT or errors turn: linear:START..END:DURATION (req/s, open loop) or users:linear:START..END:DURATION (closed loop)." };
    public Option<string> Arrival { get; } = new("--arrival") { Description = "Open-loop arrivals: poisson, gamma:SHAPE or constant.", DefaultValueFactory = _ => "poisson" };
    public Option<int> NumRequests { get; } = CliValues.Int("--num-requests", "Measured requests (after warm-up).", 1000, 1);
    public Option<TimeSpan?> Duration { get; } = CliValues.Duration("--duration", "Run for this long instead of --num-requests (e.g. 60s, 5m).");
    public Option<int> Warmup { get; } = CliValues.Int("--warmup", "Requests sent first and excluded from the metrics.", 0, 0);
    public Option<TimeSpan?> TtftTimeout { get; } = CliValues.Duration("--ttft-timeout", "Fail a request with no first token after this long.", EndpointOptions.DefaultTtftTimeout);
    public Option<TimeSpan?> IdleTimeout { get; } = CliValues.Duration("--idle-timeout", "Fail a stream silent for this long.", EndpointOptions.DefaultIdleTimeout);
    public Option<TimeSpan?> TotalTimeout { get; } = CliValues.Duration("--timeout", "Fail a request that takes longer than this in total.", EndpointOptions.DefaultTotalTimeout);
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "Skip TLS certificate verification." };
    public Option<string> HttpStack { get; } = new("--http-stack")
    {
        Description = "HTTP/1.1 client: builtin (llmload's own, no allocation per token event) or dotnet (.NET's SocketsHttpHandler, to cross-check).",
        DefaultValueFactory = _ => "builtin",
    };
    public Option<string?> OutputDir { get; } = new("--output-dir") { Description = "Result directory (default results/<yyyyMMdd-HHmmss>-<label>)." };
    public Option<string?> Label { get; } = new("--label") { Description = $"Name for this run in directory names and reports (at most {MaxLabelLength} characters)." };
    public Option<bool> Overwrite { get; } = OutputDirectoryOptions.Overwrite();
    public Option<string[]> ServerMetrics { get; } = new("--server-metrics")
    {
        Description = "Prometheus page to scrape during the run (repeatable, e.g. a DCGM exporter), or off. Default: the endpoint's own /metrics when it answers.",
        Arity = ArgumentArity.ZeroOrMore,
    };
    public Option<TimeSpan?> ScrapeInterval { get; } = CliValues.Duration("--scrape-interval", "Time between scrapes of the --server-metrics pages.", ServerMetricsOptions.DefaultScrapeInterval);
    public SessionOptionSet Sessions { get; } = new();
    public TraceOptionSet Trace { get; } = new();
    public Option<TimeSpan?> StopGrace { get; } = CliValues.Duration("--stop-grace", "After Ctrl-C, how long requests in flight may finish before they are cancelled.", RunOptions.DefaultStopGracePeriod);
    public RequestMixOptionSet Mix { get; } = new();

    /// <summary>
    /// Several tokens after one flag, so vLLM's <c>--goodput ttft:500 tpot:50</c> works unchanged; they are
    /// joined with commas, which both spellings accept as a separator.
    /// </summary>
    public Option<string[]> Goodput { get; } = new("--goodput")
    {
        Description = "Per-request SLOs for goodput and SLO attainment: \"ttft<=500ms,tpot<=50ms,e2el<=10s\" (also itl), or vLLM's ttft:500 tpot:50 e2el:10000 (ms).",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Adds the flags to a command; a sweep sets concurrency, request count and warm-up per level itself.</summary>
    public void AddTo(Command command)
    {
        Option[] endpointAndWorkload =
        [
            BaseUrl, SimProfile, Api, Model, NoStream, ApiKeyEnv, ApiKeyFile, LiteralApiKey, Headers, ShowHeaderValues, IgnoreEos, Temperature, Seed,
            Dataset, InputTokens, OutputTokens, PrefixTokens, Tokenizer,
            TtftTimeout, IdleTimeout, TotalTimeout, Insecure, HttpStack, OutputDir, Label, Overwrite, StopGrace, Goodput,
            ServerMetrics, ScrapeInterval,
        ];
        // a rate sweep shapes its arrivals as a run does
        Option[] load = perLevelLoadFromSweep ? [Arrival] : [Concurrency, Rate, Ramp, Arrival, NumRequests, Duration, Warmup, Sessions.NumSessions, Trace.Speed];
        foreach (var option in endpointAndWorkload.Concat(Sessions.Shared).Concat(Trace.Shared).Concat(Mix.All).Concat(load))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds the run's options; <paramref name="problems"/> gets every invalid value, one line each.</summary>
    /// <param name="baseUrl">The endpoint to use: the user's <c>--base-url</c> or the embedded simulator's. A user name and
    /// password in it are taken out of the URL and sent as Basic authorization (<see cref="UrlUserInfo"/>).</param>
    public RunOptions Bind(ParseResult parse, Uri baseUrl, DateTimeOffset now, List<string> problems)
    {
        var api = Value(parse, Api)?.ToLowerInvariant() switch
        {
            "chat" => EndpointApi.Chat,
            "completions" => EndpointApi.Completions,
            "responses" => EndpointApi.Responses,
            "messages" => EndpointApi.Messages,
            var other => Problem<EndpointApi>(problems, $"--api \"{other}\" must be chat, completions, responses or messages."),
        };
        if (api is EndpointApi.Responses or EndpointApi.Messages && Value(parse, NoStream))
        {
            problems.Add($"--api {Value(parse, Api)!.ToLowerInvariant()} is measured streamed only; leave out --no-stream (or use --api chat).");
        }
        var httpStack = Value(parse, HttpStack)?.ToLowerInvariant() switch
        {
            // llmload: the name before builtin, still accepted
            "builtin" or "llmload" or null => Core.Transport.HttpStack.Builtin,
            "dotnet" => Core.Transport.HttpStack.Dotnet,
            var other => Problem<Core.Transport.HttpStack>(problems, $"--http-stack \"{other}\" must be builtin or dotnet."),
        };
        var arrival = ArrivalProcess.TryParse(Value(parse, Arrival) ?? "poisson")
            ?? Problem<ArrivalProcess>(problems, $"--arrival \"{Value(parse, Arrival)}\" must be poisson, constant or gamma:SHAPE (SHAPE > 0).") ?? ArrivalProcess.Poisson;
        var (apiKeyVariable, apiKey) = ApiKeySource.Resolve(Value(parse, ApiKeyEnv), Value(parse, ApiKeyFile), problems);
        var model = Value(parse, Model);
        if (model is { Length: 0 })
        {
            problems.Add("--model is empty; name a model, or leave the flag out to use the first one GET /v1/models lists.");
        }
        var rate = Value(parse, Rate);
        var ramp = BindRamp(parse, problems);
        var seed = Value(parse, Seed);
        RequestSlo? goodput = null;
        if (Value(parse, Goodput) is { Length: > 0 } goodputTerms && !RequestSlo.TryParse(string.Join(",", goodputTerms), out goodput, out var goodputErrors))
        {
            problems.AddRange(goodputErrors.Select(error => $"--goodput: {error}"));
        }
        if (goodput is not null && Value(parse, NoStream) && goodput.StreamOnlyMetrics() is { Count: > 0 } streamOnly)
        {
            problems.Add($"--goodput terms on {string.Join(", ", streamOnly.Select(m => m.ToName()))}: TTFT, TPOT and ITL are not measured with --no-stream (the answer arrives whole); keep only e2el or leave out --no-stream.");
        }

        var endpoint = new EndpointOptions
        {
            BaseUrl = UrlUserInfo.Strip(baseUrl),
            UrlCredentials = UrlUserInfo.Credentials(baseUrl),
            Api = api,
            Model = model,
            Stream = !Value(parse, NoStream),
            IgnoreEos = Value(parse, IgnoreEos),
            Temperature = Value(parse, Temperature),
            Seed = seed,
            ApiKey = apiKey,
            Headers = ParseHeaders(Value(parse, Headers) ?? [], problems),
            ShowHeaderValues = Value(parse, ShowHeaderValues),
            TtftTimeout = Value(parse, TtftTimeout) ?? EndpointOptions.DefaultTtftTimeout,
            IdleTimeout = Value(parse, IdleTimeout) ?? EndpointOptions.DefaultIdleTimeout,
            TotalTimeout = Value(parse, TotalTimeout) ?? EndpointOptions.DefaultTotalTimeout,
            Insecure = Value(parse, Insecure),
            HttpStack = httpStack,
        };
        var workload = new WorkloadOptions
        {
            Dataset = Value(parse, Dataset) ?? WorkloadOptions.DefaultDataset,
            InputTokens = Value(parse, InputTokens) ?? WorkloadOptions.DefaultInputTokens,
            OutputTokens = Value(parse, OutputTokens) ?? WorkloadOptions.DefaultOutputTokens,
            PrefixTokens = Value(parse, PrefixTokens),
            Tokenizer = Value(parse, Tokenizer) ?? TokenizerCatalog.DefaultName,
            Seed = seed ?? 0,
        };
        var load = new LoadOptions
        {
            Concurrency = Value(parse, Concurrency) ?? ramp switch
            {
                { Kind: RampKind.Users } users => (int)users.Peak,
                { Kind: RampKind.Rate } => null,
                _ => rate is null ? LoadOptions.DefaultConcurrency : null,
            },
            Ramp = ramp,
            RequestsPerSecond = rate,
            Arrival = arrival,
            // a sweep does not register the flag and sets the count per level
            NumRequests = Value(parse, NumRequests) is > 0 and var count ? count : LoadOptions.DefaultNumRequests,
            // a ramp ends the run at its end unless --num-requests ends it sooner
            Duration = Value(parse, Duration) ?? (ramp is not null && !Given(parse, NumRequests) ? ramp.Length : null),
            WarmupRequests = Value(parse, Warmup),
            Seed = seed ?? 0,
        };
        (workload, load) = Sessions.Apply(parse, workload, load, perLevelLoadFromSweep ? null : NumRequests, problems);
        endpoint = RequestMixOptionSet.ApplyModels(endpoint, problems);
        (endpoint, workload) = Mix.Apply(parse, endpoint, workload, Given(parse, Dataset), problems);
        (workload, load) = perLevelLoadFromSweep
            ? Trace.Apply(parse, workload, load, null, null, null, null, problems)
            : Trace.Apply(parse, workload, load, Rate, Concurrency, NumRequests, Duration, problems);
        var serverMetrics = ServerMetricsFlags.Parse(Value(parse, ServerMetrics) ?? [], Value(parse, ScrapeInterval) ?? ServerMetricsOptions.DefaultScrapeInterval, problems);
        problems.AddRange(CliOptionNames.Describe(workload.Validate()));
        problems.AddRange(CliOptionNames.Describe(load.Validate()));
        // flags the load model would ignore without a word: refused, so the run is the one asked for
        if (Given(parse, NumRequests) && Given(parse, Duration))
        {
            problems.Add("--num-requests and --duration both set how long the run lasts; give one of them.");
        }
        if (!perLevelLoadFromSweep && Given(parse, Arrival) && !Given(parse, Rate) && ramp is not { Kind: RampKind.Rate } && ArrivalProcess.TryParse(Value(parse, Arrival) ?? "") is not null)
        {
            problems.Add("--arrival shapes the open loop's arrivals and needs --rate; add --rate N (requests per second) or drop --arrival.");
        }

        if (Value(parse, Label) is { Length: > MaxLabelLength } longLabel)
        {
            problems.Add($"--label is {longLabel.Length} characters long; keep it to {MaxLabelLength} or fewer (it names the result directory).");
        }
        var label = Value(parse, Label) ?? DefaultLabel(endpoint, load);
        var outputDirectory = Value(parse, OutputDir) ?? Path.Combine("results", $"{now:yyyyMMdd-HHmmss}-{SafeFileName(label)}");
        if (File.Exists(outputDirectory))
        {
            problems.Add($"--output-dir \"{outputDirectory}\" is a file; choose a directory.");
        }
        else if (OutputDirectoryOptions.Occupied(outputDirectory, Value(parse, Overwrite)) is { } occupied)
        {
            problems.Add(occupied);
        }
        else if (FileOnThePath(outputDirectory) is { } file)
        {
            problems.Add($"--output-dir \"{outputDirectory}\" cannot be created: \"{file}\" is a file; choose a directory.");
        }
        return new RunOptions
        {
            Endpoint = endpoint,
            Workload = workload,
            Load = load,
            OutputDirectory = outputDirectory,
            ApiKeyVariable = apiKeyVariable,
            ServerMetrics = serverMetrics,
            StopGracePeriod = Value(parse, StopGrace) ?? RunOptions.DefaultStopGracePeriod,
            Goodput = goodput,
        };
    }

    /// <summary>Parses <c>--ramp</c> and refuses the flags it replaces; null without the flag or when invalid.</summary>
    private LoadRamp? BindRamp(ParseResult parse, List<string> problems)
    {
        if (Value(parse, Ramp) is not { } text)
        {
            return null;
        }
        if (LoadRamp.TryParse(text, out var problem) is not { } ramp)
        {
            problems.Add($"--ramp \"{text}\" {problem}");
            return null;
        }
        var conflict = ramp.Kind == RampKind.Rate
            ? (Given(parse, Rate) ? "--rate" : null)
            : (Given(parse, Concurrency) ? "--concurrency" : Given(parse, Rate) ? "--rate" : null);
        conflict ??= Given(parse, Duration) ? "--duration" : Given(parse, Sessions.NumSessions) ? "--num-sessions" : null;
        if (conflict is not null)
        {
            problems.Add($"--ramp sets the load and the run's length itself; drop {conflict}.");
            return null;
        }
        return ramp;
    }

    /// <summary>Checks <c>--base-url</c>: an absolute http(s) URL with a host.</summary>
    public static Uri? ParseBaseUrl(string text, List<OptionProblem> problems)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            // shown without user:password, which must not reach the terminal
            var shown = uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
            if (uri.Query.Length > 0)
            {
                problems.Add(new(OptionField.BaseUrl, shown, "has a query string, which llmload would not send; give the server root without \"?...\" (send gateway parameters with {headers})."));
                return null;
            }
            var path = uri.AbsolutePath.TrimEnd('/');
            if (RequestPaths.FirstOrDefault(request => path.EndsWith(request, StringComparison.Ordinal)) is { } requestPath)
            {
                var root = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + path[..^requestPath.Length];
                problems.Add(new(OptionField.BaseUrl, shown, $"names the request path; give the server root, e.g. {root} (llmload adds /v1/chat/completions, /v1/completions, /v1/responses or /v1/messages per {{api}})."));
                return null;
            }
            return uri;
        }
        problems.Add(new(OptionField.BaseUrl, UrlUserInfo.RedactText(text), "must be an http:// or https:// URL with a host, e.g. http://localhost:8000."));
        return null;
    }

    /// <summary>Ends of a URL that names a request, not the server; longest first so the suggested root drops /v1 too.</summary>
    private static readonly string[] RequestPaths = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages", "/chat/completions", "/completions", "/responses", "/messages"];

    private static List<KeyValuePair<string, string>> ParseHeaders(string[] headers, List<string> problems)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':');
            if (colon <= 0)
            {
                // never echo the value: it may be a secret
                problems.Add("--header must be \"Name: value\" (a header without a colon was given).");
                continue;
            }
            var name = header[..colon].Trim();
            if (!name.All(IsTokenChar))
            {
                problems.Add($"--header name \"{name}\" is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only).");
                continue;
            }
            if (ReservedHeaders.IsReserved(name))
            {
                problems.Add("--header " + ReservedHeaders.Reason(name));
                continue;
            }
            var value = header[(colon + 1)..].Trim();
            if (value.AsSpan().ContainsAny('\r', '\n'))
            {
                // a line break would split the request into two headers: refused, the value not echoed
                problems.Add($"--header \"{name}\" has a line break in its value; give the value on one line.");
                continue;
            }
            parsed.Add(new(name, value));
        }
        return parsed;
    }

    /// <summary>RFC 9110 token characters, the only ones a header name may have.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private static string DefaultLabel(EndpointOptions endpoint, LoadOptions load)
    {
        var model = endpoint.Model is { } name ? name[(name.LastIndexOf('/') + 1)..] : "run";
        var level = load.RequestsPerSecond is { } rate
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r{rate:0.##}")
            : $"c{load.Concurrency}";
        return $"{model}-{level}";
    }

    private static string SafeFileName(string label) =>
        string.Concat(label.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>The nearest existing ancestor of <paramref name="directory"/> when it is a file (so the directory cannot be made), else null.</summary>
    private static string? FileOnThePath(string directory)
    {
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(directory)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return parent;
            }
            if (Directory.Exists(parent))
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Whether the user typed the flag (a default value does not count).</summary>
    internal static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The option's value, or its default when the parser rejected it (that error is reported already).</summary>
    internal static T? Value<T>(ParseResult parse, Option<T> option)
    {
        try
        {
            return parse.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static T? Problem<T>(List<string> problems, string message)
    {
        problems.Add(message);
        return default;
    }
}
