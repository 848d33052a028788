using System.CommandLine;
using System.Globalization;
using LlmLoad.Cli.Kubernetes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The <c>run</c> or <c>sweep</c> command line that <c>llmload kubernetes</c> shards (what follows <c>--</c>): checked by the
/// command's own parser and validation with the shard flags a pod adds (<c>--shard 0/N --start-at T --run-id ID</c>), so
/// a pod never starts with a command line it would refuse and every refusal is said in the shard flags' own words; and
/// read for the peak load the pods are sized for.
/// </summary>
internal sealed record ShardedCommandLine(string Command, IReadOnlyList<string> Arguments, ShardLoad Load)
{
    /// <summary>A key typed on the command line, and flags every pod gets from the manifests (given by the user they would contradict them).</summary>
    private static readonly (string Flag, string Problem)[] Refused =
    [
        ("--api-key", KubernetesOptionSet.LiteralKeyRefused),
        ("--key", KubernetesOptionSet.LiteralKeyRefused),
        SetByManifests("--shard", "each pod gets --shard INDEX/N from the Indexed Job"),
        SetByManifests("--start-at", "every pod gets the same --start-at; set how far ahead with --start-delay"),
        SetByManifests("--run-id", "every pod gets the same --run-id; give it to `llmload kubernetes` instead"),
        SetByManifests("--processes", "the pods are the processes; choose how many with --shards"),
        SetByManifests("--output-dir", $"each pod writes to {ShardedRunPlan.ResultsPath}/RUN/shard-INDEX on the result volume"),
        SetByManifests("--api-key-env", "the pods read the key from a Secret; pass --api-key-secret NAME:KEY to `llmload kubernetes`"),
        SetByManifests("--api-key-file", "the pods read the key from a Secret; pass --api-key-secret NAME:KEY to `llmload kubernetes`"),
    ];

    public const string Example = "-- sweep --base-url http://vllm:8000 --concurrency 64,128 --level-duration 60s";

    /// <summary>
    /// The command line, or null with every problem in <paramref name="problems"/>; nothing of a value that may be secret
    /// is echoed. <paramref name="shardFlags"/> are the flags the manifests give a pod (<see cref="ShardFlags"/>), parsed
    /// with the command line so the shard validation of <c>run</c> and <c>sweep</c> judges it as the pod will.
    /// </summary>
    public static ShardedCommandLine? Parse(string[] tokens, IReadOnlyList<string> shardFlags, CliContext context, List<string> problems)
    {
        if (tokens is not [("run" or "sweep") and var command, .. var arguments])
        {
            problems.Add($"llmload kubernetes shards a run or sweep command line; give it after --, e.g. `{Example}`.");
            return null;
        }
        var before = problems.Count;
        // the value that follows a refused flag is never echoed: it may be the key
        problems.AddRange(Refused.Where(entry => arguments.Any(token => Names(token, entry.Flag))).Select(entry => entry.Problem).Distinct());
        if (problems.Count > before)
        {
            return null;
        }

        var parse = LlmLoadCli.Parse([command, .. arguments, .. shardFlags], context);
        problems.AddRange(parse.Errors.Select(error => error.Message));
        if (parse.CommandResult.Command is ValidatedCommand validated)
        {
            problems.AddRange(validated.ValidateValues(parse));
        }
        problems.AddRange(ManifestProblems(parse));
        return problems.Count > before ? null : new ShardedCommandLine(command, arguments, PeakLoad(parse, command));
    }

    /// <summary>
    /// The flags shard 0 of <paramref name="shards"/> gets from the manifests: every pod's command line differs only in
    /// its index, and the shard validation asks the same of every index. Without a shard count (the parser reported
    /// it) none; without a <paramref name="runId"/> the shard derives one (the plan reports a run id it cannot use).
    /// </summary>
    public static IReadOnlyList<string> ShardFlags(int? shards, string startAt, string? runId) =>
        shards is not { } count
            ? []
            : ["--shard", $"0/{count.ToString(CultureInfo.InvariantCulture)}", "--start-at", startAt, .. runId is null ? Array.Empty<string>() : ["--run-id", runId]];

    /// <summary>
    /// What a run accepts but the manifests cannot carry. What a shard cannot run (a count-based sweep plan, repeats,
    /// ramps, too few users...) is the shard validation's to say.
    /// </summary>
    private static IEnumerable<string> ManifestProblems(ParseResult parse)
    {
        if (Value<string?>(parse, "--base-url") is not { } baseUrl)
        {
            yield return "the sharded command needs --base-url: every pod loads the same endpoint (the embedded simulator runs inside one process only).";
        }
        else if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && UrlUserInfo.Credentials(uri) is not null)
        {
            yield return "--base-url has a user name and password, which would be written into the manifests; put the key in a Secret and pass --api-key-secret NAME:KEY.";
        }
        foreach (var header in Value<string[]>(parse, "--header") ?? [])
        {
            var name = header.Split(':', 2)[0].Trim();
            if (SecretRedactor.IsSecretName(name))
            {
                yield return $"--header \"{name}\" would write a credential into the manifests; put the key in a Secret and pass --api-key-secret NAME:KEY.";
            }
        }
    }

    /// <summary>The heaviest load of the run or sweep, read from the values the command's parser already accepted.</summary>
    private static ShardLoad PeakLoad(ParseResult parse, string command)
    {
        var outputTokens = OutputTokensSpec.TryParse(Value<string>(parse, "--output-tokens") ?? "", out var spec, out _) && spec.Distribution is { } distribution
            ? distribution.Mean
            : spec?.Cap ?? ShardLoad.DefaultOutputTokens;
        if (command == "sweep")
        {
            var concurrency = Value<string>(parse, "--concurrency") ?? ConcurrencyPlan.DefaultText;
            ConcurrencyPlan.TryParse(concurrency, out var plan, out _);
            if (Value<string?>(parse, "--rate") is { } rates && RatePlan.TryParse(rates, out var ratePlan, out _))
            {
                return ShardLoad.OpenLoop(ratePlan!.Levels.Max(), Given(parse, "--concurrency") ? plan?.Levels[0] : null, outputTokens);
            }
            return ShardLoad.ClosedLoop(plan?.Levels.Max() ?? 1, outputTokens);
        }
        // a --ramp never gets here: the shard validation refuses it
        var users = Value<int?>(parse, "--concurrency");
        return Value<double?>(parse, "--rate") is { } rate
            ? ShardLoad.OpenLoop(rate, users, outputTokens)
            : ShardLoad.ClosedLoop(users ?? Core.Load.LoadOptions.DefaultConcurrency, outputTokens);
    }

    private static (string, string) SetByManifests(string flag, string reason) => (flag, $"{flag} cannot be given to the sharded command: {reason}.");

    /// <summary>Whether <paramref name="token"/> is <paramref name="flag"/>, alone or as <c>--flag=value</c> / <c>--flag:value</c>.</summary>
    private static bool Names(string token, string flag) =>
        token == flag || (token.StartsWith(flag, StringComparison.Ordinal) && token.Length > flag.Length && token[flag.Length] is '=' or ':');

    private static Option? Find(ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.FirstOrDefault(option => option.Name == name);

    private static bool Given(ParseResult parse, string name) => Find(parse, name) is { } option && RunOptionSet.Given(parse, option);

    /// <summary>The value of the wrapped command's option <paramref name="name"/>, or default when the command has no such option.</summary>
    private static T? Value<T>(ParseResult parse, string name) =>
        Find(parse, name) is Option<T> option ? RunOptionSet.Value(parse, option) : default;
}
