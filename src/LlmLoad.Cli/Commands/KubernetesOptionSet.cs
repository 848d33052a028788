using System.CommandLine;
using System.Globalization;
using k8s.Models;
using LlmLoad.Cli.Kubernetes;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The flags of <c>llmload kubernetes</c> and the wrapped command line after <c>--</c>; <see cref="Bind"/> turns a
/// parse into a <see cref="ShardedRunPlan"/> plus every problem found.
/// </summary>
internal sealed class KubernetesOptionSet
{
    public static readonly TimeSpan DefaultStartDelay = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultMergeTimeout = TimeSpan.FromHours(6);

    public Option<int?> Shards { get; } = Required(CliValues.OptionalInt("--shards", "How many pods share the load (an Indexed Job of this many completions, all in parallel).", 1));
    public Option<string> Image { get; } = new("--image") { Description = "The llmload image the pods run, e.g. registry.example.com/llmload:0.1.0 (see the Dockerfile).", Required = true };
    public Option<string> Name { get; } = new("--name") { Description = "Prefix of the objects' names: NAME-results (the claim), NAME-RUN (the shards), NAME-RUN-merge.", DefaultValueFactory = _ => "llmload" };
    public Option<string?> Namespace { get; } = new("--namespace") { Description = "Namespace written into every object (default: none, so kubectl -n decides)." };
    public Option<string?> RunId { get; } = new("--run-id") { Description = "The run id of every shard and the name of the run's directory on the volume (default: the start time, yyyyMMdd-HHmmss)." };
    public Option<TimeSpan?> StartDelay { get; } = CliValues.Duration("--start-delay", "How far ahead of now the shards' common --start-at is: time to apply the manifests and pull the image.", DefaultStartDelay);
    public Option<string?> ApiKeySecret { get; } = new("--api-key-secret") { Description = $"NAME:KEY of the Secret holding the API key; the pods read it into {ApiKeySource.DefaultVariable} (the key never enters the manifests)." };
    public Option<string?> StorageClass { get; } = new("--storage-class") { Description = "Storage class of the result volume's ReadWriteMany claim (default: the cluster's default class)." };
    public Option<string> StorageSize { get; } = new("--storage-size") { Description = "Size of the result volume's claim.", DefaultValueFactory = _ => "5Gi" };
    public Option<string?> Cpu { get; } = new("--cpu") { Description = "Each shard's CPU request instead of the estimate from the load (docs/kubernetes.md, \"Resources\"), e.g. 2 or 1500m." };
    public Option<string?> Memory { get; } = new("--memory") { Description = "Each shard's memory request and limit instead of the estimate, e.g. 1Gi." };
    public Option<bool> RequireSeparateNodes { get; } = new("--require-separate-nodes") { Description = "Never put two shards on one node (they stay pending instead); by default the scheduler only avoids it." };
    public Option<TimeSpan?> MergeTimeout { get; } = CliValues.Duration("--merge-timeout", "How long the merge Job may wait for the shards and merge before Kubernetes stops it.", DefaultMergeTimeout);

    /// <summary>Refuses a key typed here as the run commands do, without echoing it.</summary>
    public Option<string?> LiteralApiKey { get; } = ApiKeySource.CreateLiteralKeyOption(LiteralKeyRefused);

    /// <summary>Where a key goes for the pods, said wherever one is typed on the command line.</summary>
    public const string LiteralKeyRefused =
        "--api-key does not take the key itself (it would stay in your shell history and reach the manifests); put it in a Secret "
        + "(kubectl create secret generic llmload-api-key --from-literal=key=\"$OPENAI_API_KEY\") and pass --api-key-secret llmload-api-key:key.";

    public Argument<string[]> CommandLine { get; } = new("command")
    {
        Description = $"After --, the run or sweep command line to shard, e.g. {ShardedCommandLine.Example}.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Shards, Image, Name, Namespace, RunId, StartDelay, ApiKeySecret, StorageClass, StorageSize, Cpu, Memory, RequireSeparateNodes, MergeTimeout, LiteralApiKey })
        {
            command.Options.Add(option);
        }
        command.Arguments.Add(CommandLine);
    }

    /// <summary>
    /// The plan, or null with every problem in <paramref name="problems"/>. The plan's own checks run even when the
    /// wrapped command line has problems, so the user sees them all at once.
    /// </summary>
    public ShardedRunPlan? Bind(ParseResult parse, CliContext context, List<string> problems)
    {
        var shards = RunOptionSet.Value(parse, Shards);
        var startAt = WholeSecondOnOrAfter(context.TimeProvider.GetUtcNow() + (RunOptionSet.Value(parse, StartDelay) ?? DefaultStartDelay));
        var runId = RunOptionSet.Value(parse, RunId) ?? startAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var shardFlags = ShardedCommandLine.ShardFlags(shards, ShardedRunPlan.StartAtTextOf(startAt), ShardedRunPlan.IsRunId(runId) ? runId : null);
        var wrapped = ShardedCommandLine.Parse(parse.GetValue(CommandLine) ?? [], shardFlags, context, problems);
        var secret = ParseSecretKey(RunOptionSet.Value(parse, ApiKeySecret), problems);
        var storageSize = CheckQuantity("--storage-size", RunOptionSet.Value(parse, StorageSize) ?? "5Gi", problems);
        var cpu = RunOptionSet.Value(parse, Cpu) is { } cpuText ? CheckQuantity("--cpu", cpuText, problems) : null;
        var memory = RunOptionSet.Value(parse, Memory) is { } memoryText ? CheckQuantity("--memory", memoryText, problems) : null;
        if (shards is not { } shardCount || RunOptionSet.Value(parse, Image) is not { } image)
        {
            return null; // the parser reported the missing flag
        }

        var estimate = ShardResources.For(wrapped?.Load ?? ShardLoad.ClosedLoop(1, ShardLoad.DefaultOutputTokens), shardCount);
        var plan = new ShardedRunPlan
        {
            Name = RunOptionSet.Value(parse, Name) ?? "llmload",
            Namespace = RunOptionSet.Value(parse, Namespace),
            Image = image,
            Shards = shardCount,
            RunId = runId,
            StartAt = startAt,
            Command = wrapped?.Command ?? "run",
            Arguments = wrapped?.Arguments ?? [],
            ApiKeySecret = secret,
            StorageClass = RunOptionSet.Value(parse, StorageClass),
            StorageSize = storageSize ?? "5Gi",
            Cpu = cpu ?? estimate.Cpu,
            MemoryRequest = memory ?? estimate.MemoryRequest,
            MemoryLimit = memory ?? estimate.MemoryLimit,
            RequireSeparateNodes = RunOptionSet.Value(parse, RequireSeparateNodes),
            MergeTimeout = RunOptionSet.Value(parse, MergeTimeout) ?? DefaultMergeTimeout,
        };
        problems.AddRange(plan.Validate());
        return wrapped is null || problems.Count > 0 ? null : plan;
    }

    private static Option<int?> Required(Option<int?> option)
    {
        option.Required = true;
        return option;
    }

    /// <summary>NAME:KEY of a Secret; null without the flag or when malformed (a problem added).</summary>
    private static SecretKey? ParseSecretKey(string? text, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }
        if (text.Split(':') is [{ Length: > 0 } name, { Length: > 0 } key] && !text.Any(char.IsWhiteSpace))
        {
            return new SecretKey(name, key);
        }
        // the value is not echoed: someone may have typed the key itself here
        problems.Add("--api-key-secret must be NAME:KEY, the Secret's name and the key in it that holds the API key (e.g. llmload-api-key:key).");
        return null;
    }

    /// <summary>The text when Kubernetes reads it as a positive quantity (<c>5Gi</c>, <c>1500m</c>, <c>2</c>), else null with a problem.</summary>
    private static string? CheckQuantity(string flag, string text, List<string> problems)
    {
        try
        {
            if (new ResourceQuantity(text).ToDecimal() > 0)
            {
                return text;
            }
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or ArithmeticException)
        {
            // the client library could not read it: reported below
        }
        problems.Add($"{flag} \"{text}\" must be a positive Kubernetes quantity such as 5Gi, 512Mi, 2 or 1500m.");
        return null;
    }

    /// <summary>Start times are whole seconds: the text every shard gets must name the same instant exactly.</summary>
    private static DateTimeOffset WholeSecondOnOrAfter(DateTimeOffset time)
    {
        var remainder = time.UtcTicks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(time.UtcTicks - remainder, TimeSpan.Zero).AddTicks(remainder == 0 ? 0 : TimeSpan.TicksPerSecond);
    }
}
