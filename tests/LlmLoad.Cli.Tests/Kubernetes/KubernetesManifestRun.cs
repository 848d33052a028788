using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace LlmLoad.Cli.Tests.Kubernetes;

/// <summary><c>llmload kubernetes ...</c> run in this process on a fixed clock, and its manifests read back as typed objects.</summary>
internal sealed record KubernetesManifestRun(int ExitCode, string Out, string Error)
{
    /// <summary>The clock of every run here: start times are this plus the start delay.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 9, 59, 0, TimeSpan.Zero);

    public static Task<KubernetesManifestRun> InvokeAsync(DateTimeOffset now, params string[] args) => InvokeCommandAsync(now, ["kubernetes", .. args]);

    /// <summary>Any llmload command line (<paramref name="args"/> starts with the command) on the same fixed clock.</summary>
    public static async Task<KubernetesManifestRun> InvokeCommandAsync(DateTimeOffset now, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LlmLoadCli.InvokeAsync(args, new CliContext(output, error, new FakeTimeProvider(now)));
        return new KubernetesManifestRun(exitCode, output.ToString(), error.ToString());
    }

    public static Task<KubernetesManifestRun> InvokeAsync(params string[] args) => InvokeAsync(Now, args);

    /// <summary>The printed documents, each as the client library's model of its kind.</summary>
    public IReadOnlyList<object> Objects => KubernetesYaml.LoadAllFromString(Out);

    public V1PersistentVolumeClaim Claim => Assert.Single(Objects.OfType<V1PersistentVolumeClaim>());

    public V1Job ShardJob => Assert.Single(Objects.OfType<V1Job>(), job => job.Spec.CompletionMode == "Indexed");

    public V1Job MergeJob => Assert.Single(Objects.OfType<V1Job>(), job => job.Spec.CompletionMode != "Indexed");

    public V1Container Shard => Assert.Single(ShardJob.Spec.Template.Spec.Containers);

    public V1Container Merge => Assert.Single(MergeJob.Spec.Template.Spec.Containers);

    /// <summary>The value that follows <paramref name="flag"/> in the shard container's arguments.</summary>
    public string ShardArgument(string flag)
    {
        var args = Shard.Args.ToList();
        var at = args.IndexOf(flag);
        Assert.True(at >= 0 && at + 1 < args.Count, $"{flag} is not among the shard's arguments: {string.Join(' ', args)}");
        return args[at + 1];
    }
}
