using System.Text.RegularExpressions;

namespace LlmLoad.Cli.Kubernetes;

/// <summary>
/// Everything the manifests of one sharded run are made from (<see cref="ShardedRunManifests"/>): the wrapped
/// <c>run</c> or <c>sweep</c> command line, how many shards, the image, the run's identity and start, the result volume,
/// the Secret holding the API key and each pod's resources. Validated once by <see cref="Validate"/>.
/// </summary>
internal sealed partial record ShardedRunPlan
{
    /// <summary>Longest object name Kubernetes accepts for a Job whose pods are named after it (a DNS label).</summary>
    public const int MaxObjectNameLength = 63;

    /// <summary>Most shards of one run: far beyond any cluster's client needs, and the merge Job lists each shard's directory.</summary>
    public const int MaxShards = 1000;

    /// <summary>Where every pod mounts the result volume.</summary>
    public const string ResultsPath = "/results";

    /// <summary>Prefix of every object's name, e.g. <c>llmload</c> gives <c>llmload-results</c> and <c>llmload-RUN</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace written into each object, or null to leave it to <c>kubectl -n</c>.</summary>
    public string? Namespace { get; init; }

    public required string Image { get; init; }

    public required int Shards { get; init; }

    /// <summary>The run id every shard and the merge share; it also names the run's directory on the volume.</summary>
    public required string RunId { get; init; }

    /// <summary>The common wall-clock start of every shard (<c>--start-at</c>), whole seconds, UTC.</summary>
    public required DateTimeOffset StartAt { get; init; }

    /// <summary><c>run</c> or <c>sweep</c>.</summary>
    public required string Command { get; init; }

    /// <summary>The wrapped command's flags as the user gave them (after the command name).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The Secret and key the pods read the API key from, or null for an endpoint without a key.</summary>
    public SecretKey? ApiKeySecret { get; init; }

    /// <summary>The claim's storage class, or null for the cluster's default.</summary>
    public string? StorageClass { get; init; }

    public required string StorageSize { get; init; }

    /// <summary>Each shard pod's CPU request (no limit), e.g. <c>1800m</c>.</summary>
    public required string Cpu { get; init; }

    public required string MemoryRequest { get; init; }

    public required string MemoryLimit { get; init; }

    /// <summary>Refuse to schedule two shards on one node (required) or only avoid it (preferred).</summary>
    public bool RequireSeparateNodes { get; init; }

    /// <summary>How long the merge Job may wait for the shards and merge before Kubernetes stops it.</summary>
    public required TimeSpan MergeTimeout { get; init; }

    /// <summary>The result volume's claim.</summary>
    public string ClaimName => $"{Name}-results";

    /// <summary>The Indexed Job of the shards.</summary>
    public string ShardJobName => $"{Name}-{RunId}";

    public string MergeJobName => $"{Name}-{RunId}-merge";

    /// <summary>The run's directory on the volume: shard-0 ... shard-(N-1) and merged/.</summary>
    public string RunDirectory => $"{ResultsPath}/{RunId}";

    public string MergedDirectory => $"{RunDirectory}/merged";

    /// <summary>The <c>--start-at</c> text every shard gets: ISO 8601 UTC, whole seconds.</summary>
    public string StartAtText => StartAtTextOf(StartAt);

    /// <summary>The <c>--start-at</c> text of <paramref name="startAt"/> (whole seconds, UTC).</summary>
    public static string StartAtTextOf(DateTimeOffset startAt) =>
        startAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="text"/> can be the run id: it names the Jobs and the run's directory.</summary>
    public static bool IsRunId(string text) => RunIdPattern().IsMatch(text);

    /// <summary>
    /// The file in a shard's directory that says the shard finished, which the merge waits for: a run shard writes
    /// <c>shard.json</c> after its records and summary; a sweep shard writes <c>sweep.json</c> after its last level.
    /// </summary>
    public string ShardDoneFile => Command == "sweep" ? "sweep.json" : "shard.json";

    /// <summary>Shard <paramref name="index"/>'s result directory on the volume.</summary>
    public string ShardDirectory(string index) => $"{RunDirectory}/shard-{index}";

    /// <summary>Every problem with the plan, one line each, naming the flag.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!DnsLabel().IsMatch(Name))
        {
            problems.Add($"--name \"{Name}\" must be lower-case letters, digits and '-', starting with a letter and not ending with '-' (it names the Kubernetes objects).");
        }
        if (!IsRunId(RunId))
        {
            problems.Add($"--run-id \"{RunId}\" must be lower-case letters, digits and '-', not ending with '-' (it names the Jobs and the run's directory).");
        }
        else if (MergeJobName.Length > MaxObjectNameLength)
        {
            problems.Add($"--name and --run-id together are too long: the merge Job \"{MergeJobName}\" has {MergeJobName.Length} characters and Kubernetes allows {MaxObjectNameLength}; shorten one of them.");
        }
        if (Namespace is not null && !DnsLabel().IsMatch(Namespace))
        {
            problems.Add($"--namespace \"{Namespace}\" must be lower-case letters, digits and '-', starting with a letter.");
        }
        if (Image.Length == 0 || Image.Any(char.IsWhiteSpace))
        {
            problems.Add($"--image \"{Image}\" must name an image without spaces, e.g. registry.example.com/llmload:0.1.0.");
        }
        if (Shards is < 1 or > MaxShards)
        {
            problems.Add($"--shards \"{Shards}\" must be a whole number from 1 to {MaxShards} (the merge Job names every shard's directory).");
        }
        if (MergeTimeout <= TimeSpan.Zero)
        {
            problems.Add("--merge-timeout must be a positive duration such as 6h.");
        }
        return problems;
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    /// <summary>A run id follows a prefix in every name, so it may start with a digit (the default is a time).</summary>
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex RunIdPattern();
}

/// <summary>A key in a Kubernetes Secret: <c>--api-key-secret NAME:KEY</c>.</summary>
internal sealed record SecretKey(string Name, string Key);
