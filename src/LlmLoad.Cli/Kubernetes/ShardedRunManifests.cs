using System.Globalization;
using k8s;
using k8s.Models;
using LlmLoad.Cli.Commands;

namespace LlmLoad.Cli.Kubernetes;

/// <summary>
/// The Kubernetes objects of one sharded run, built as the client library's typed models and written with its YAML
/// writer (docs/kubernetes.md shows and explains the output):
/// <list type="number">
/// <item>the result volume, a ReadWriteMany claim every pod mounts at <c>/results</c>;</item>
/// <item>an Indexed Job of N pods, each running shard <c>$(JOB_COMPLETION_INDEX)</c> of N from the common <c>--start-at</c>
/// into <c>/results/RUN/shard-I</c>, the API key from a Secret, kept apart on different nodes;</item>
/// <item>a merge Job, applied with the others, whose init container waits until every shard has finished (written
/// <see cref="ShardedRunPlan.ShardDoneFile"/>), then runs <c>llmload merge</c> into <c>/results/RUN/merged</c>.</item>
/// </list>
/// </summary>
internal static class ShardedRunManifests
{
    /// <summary>The user id of the image's <c>app</c> user (the .NET images' <c>$APP_UID</c>), so the pods can write the volume.</summary>
    public const long ImageUserId = 1654;

    /// <summary>The variable the Job controller sets in each pod of an Indexed Job to the pod's index, 0 to N-1.</summary>
    public const string CompletionIndexVariable = "JOB_COMPLETION_INDEX";

    public const string RunIdLabel = "llmload/run-id";
    private const string ComponentLabel = "app.kubernetes.io/component";
    private const string VolumeName = "results";
    private static readonly TimeSpan ShardPollInterval = TimeSpan.FromSeconds(10);

    /// <summary>The claim, the shards' Job and the merge Job, in the order they are applied.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Build(ShardedRunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [Claim(plan), ShardJob(plan), MergeJob(plan)];
    }

    /// <summary>The objects as one YAML stream, documents separated by <c>---</c>, ready for <c>kubectl apply -f</c>.</summary>
    public static string ToYaml(ShardedRunPlan plan) => KubernetesYaml.SerializeAll(Build(plan));

    private static V1PersistentVolumeClaim Claim(ShardedRunPlan plan) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        // the claim outlives runs (apply leaves an existing one as it is): no run id
        Metadata = Metadata(plan, plan.ClaimName, Labels("results", runId: null)),
        Spec = new V1PersistentVolumeClaimSpec
        {
            // every shard pod, on its own node, writes into the one volume at once
            AccessModes = ["ReadWriteMany"],
            StorageClassName = plan.StorageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(plan.StorageSize) } },
        },
    };

    private static V1Job ShardJob(ShardedRunPlan plan)
    {
        var index = $"$({CompletionIndexVariable})";
        string[] args =
        [
            plan.Command,
            .. plan.Arguments.Select(EscapeExpansion),
            "--shard", $"{index}/{plan.Shards.ToString(CultureInfo.InvariantCulture)}",
            "--start-at", plan.StartAtText,
            "--run-id", plan.RunId,
            "--output-dir", plan.ShardDirectory(index),
        ];
        var container = new V1Container
        {
            Name = "llmload",
            Image = plan.Image,
            Args = args,
            Env = plan.ApiKeySecret is { } secret
                ? [new V1EnvVar { Name = ApiKeySource.DefaultVariable, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.Name, Key = secret.Key } } }]
                : null,
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(plan.Cpu), ["memory"] = new(plan.MemoryRequest) },
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(plan.MemoryLimit) },
            },
            VolumeMounts = [ResultsMount()],
            SecurityContext = ContainerSecurity(),
        };
        // this run's shard pods, not its merge pod, which may share a node with a shard
        var shardPods = new Dictionary<string, string> { [RunIdLabel] = plan.RunId, [ComponentLabel] = "shard" };
        var apart = new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchLabels = shardPods }, TopologyKey = "kubernetes.io/hostname" };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Metadata(plan, plan.ShardJobName, Labels("shard", plan.RunId)),
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = plan.Shards,
                Parallelism = plan.Shards,
                // a shard started again would miss the common start and send its share twice: a failure fails the run
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels("shard", plan.RunId) },
                    Spec = PodSpec(plan, [container], initContainers: null, new V1Affinity
                    {
                        PodAntiAffinity = plan.RequireSeparateNodes
                            ? new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [apart] }
                            : new V1PodAntiAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { Weight = 100, PodAffinityTerm = apart }] },
                    }),
                },
            },
        };
    }

    private static V1Job MergeJob(ShardedRunPlan plan)
    {
        var shardDirectories = Enumerable.Range(0, plan.Shards).Select(i => plan.ShardDirectory(i.ToString(CultureInfo.InvariantCulture))).ToList();
        // no "$(" anywhere: Kubernetes would read it as a variable reference
        // once all are there, one more interval lets the last shard finish writing the file and its neighbours
        var waitScript = string.Create(CultureInfo.InvariantCulture,
            $"echo 'waiting for {plan.Shards} shards in {plan.RunDirectory}'; while :; do set -- {plan.RunDirectory}/shard-*/{plan.ShardDoneFile}; if [ -e \"$1\" ] && [ \"$#\" -ge {plan.Shards} ]; then sleep {ShardPollInterval.TotalSeconds}; exit 0; fi; sleep {ShardPollInterval.TotalSeconds}; done");
        var wait = new V1Container
        {
            Name = "wait-for-shards",
            Image = plan.Image,
            Command = ["/bin/sh", "-c", waitScript],
            VolumeMounts = [ResultsMount()],
            SecurityContext = ContainerSecurity(),
        };
        var merge = new V1Container
        {
            Name = "merge",
            Image = plan.Image,
            Args = ["merge", .. shardDirectories, "--output-dir", plan.MergedDirectory],
            // the merge reads every shard's records into memory once
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("1Gi") },
            },
            VolumeMounts = [ResultsMount()],
            SecurityContext = ContainerSecurity(),
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Metadata(plan, plan.MergeJobName, Labels("merge", plan.RunId)),
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                // a shard that failed never writes shard.json: the wait ends here, and `llmload merge --allow-partial` by hand merges the rest
                ActiveDeadlineSeconds = (long)plan.MergeTimeout.TotalSeconds,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels("merge", plan.RunId) },
                    Spec = PodSpec(plan, [merge], [wait], affinity: null),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(ShardedRunPlan plan, IList<V1Container> containers, IList<V1Container>? initContainers, V1Affinity? affinity) => new()
    {
        RestartPolicy = "Never",
        Containers = containers,
        InitContainers = initContainers,
        Affinity = affinity,
        // fsGroup: the image's user owns what it writes on the volume
        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, FsGroup = ImageUserId },
        Volumes = [new V1Volume { Name = VolumeName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = plan.ClaimName } }],
    };

    private static V1VolumeMount ResultsMount() => new() { Name = VolumeName, MountPath = ShardedRunPlan.ResultsPath };

    private static V1SecurityContext ContainerSecurity() => new() { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } };

    private static V1ObjectMeta Metadata(ShardedRunPlan plan, string name, Dictionary<string, string> labels) =>
        new() { Name = name, NamespaceProperty = plan.Namespace, Labels = labels };

    /// <summary>The labels of an object of the run; without <paramref name="runId"/> for the claim, which outlives runs.</summary>
    private static Dictionary<string, string> Labels(string component, string? runId)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "llmload", [ComponentLabel] = component };
        if (runId is not null)
        {
            labels[RunIdLabel] = runId;
        }
        return labels;
    }

    /// <summary>
    /// A user's argument as Kubernetes passes it on unchanged: it expands <c>$(VAR)</c> in args and reads <c>$$</c> as
    /// one <c>$</c>, so every <c>$</c> is doubled.
    /// </summary>
    internal static string EscapeExpansion(string argument) => argument.Replace("$", "$$", StringComparison.Ordinal);
}
