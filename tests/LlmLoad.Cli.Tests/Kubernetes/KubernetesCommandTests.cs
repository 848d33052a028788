using LlmLoad.Cli.Kubernetes;

namespace LlmLoad.Cli.Tests.Kubernetes;

/// <summary>
/// <c>llmload kubernetes</c>: the manifests it prints, read back into the Kubernetes client library's typed models, and
/// what it refuses to print.
/// </summary>
public sealed class KubernetesCommandTests
{
    private const string Key = "sk-kube-do-not-print-0123456789";

    private static readonly string[] Sweep =
        ["--", "sweep", "--base-url", "http://vllm:8000", "--concurrency", "64,128", "--level-duration", "60s"];

    private static Task<KubernetesManifestRun> GenerateAsync(params string[] options) =>
        KubernetesManifestRun.InvokeAsync([.. options, .. Sweep]);

    [Fact]
    public async Task The_shards_are_an_indexed_job_of_n_parallel_completions()
    {
        // when
        var run = await GenerateAsync("--shards", "4", "--image", "reg/llmload:0.1");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var spec = run.ShardJob.Spec;
        Assert.Equal("Indexed", spec.CompletionMode);
        Assert.Equal(4, spec.Completions);
        Assert.Equal(4, spec.Parallelism);
        Assert.Equal(0, spec.BackoffLimit);
        Assert.Equal("reg/llmload:0.1", run.Shard.Image);
        Assert.Equal(["sweep", "--base-url", "http://vllm:8000", "--concurrency", "64,128", "--level-duration", "60s"], run.Shard.Args.Take(7));
        Assert.Equal("$(JOB_COMPLETION_INDEX)/4", run.ShardArgument("--shard"));
    }

    [Fact]
    public async Task Every_shard_starts_at_one_common_time_ahead_by_the_start_delay()
    {
        // when the clock reads 09:59:00.4
        var run = await KubernetesManifestRun.InvokeAsync(KubernetesManifestRun.Now.AddMilliseconds(400),
            ["--shards", "3", "--image", "reg/llmload:0.1", "--start-delay", "2m", .. Sweep]);

        // then one --start-at in the pod template (so the same for every pod), whole seconds, UTC
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("2026-03-20T10:01:01Z", run.ShardArgument("--start-at"));
        Assert.Contains("2026-03-20T10:01:01Z", run.Error);
    }

    [Fact]
    public async Task The_shards_and_the_merge_share_one_run_id_and_its_directory()
    {
        // when
        var run = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1", "--run-id", "ramp-7");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("ramp-7", run.ShardArgument("--run-id"));
        Assert.Equal("/results/ramp-7/shard-$(JOB_COMPLETION_INDEX)", run.ShardArgument("--output-dir"));
        Assert.Equal(["merge", "/results/ramp-7/shard-0", "/results/ramp-7/shard-1", "--output-dir", "/results/ramp-7/merged"], run.Merge.Args);
        Assert.Equal(["llmload-ramp-7", "llmload-ramp-7-merge"], [run.ShardJob.Metadata.Name, run.MergeJob.Metadata.Name]);
        Assert.All([run.ShardJob, run.MergeJob], job => Assert.Equal("ramp-7", job.Spec.Template.Metadata.Labels[ShardedRunManifests.RunIdLabel]));
    }

    [Fact]
    public async Task Without_a_run_id_the_start_time_names_the_run()
    {
        // when
        var run = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("20260320-100000", run.ShardArgument("--run-id"));
        Assert.Equal("llmload-20260320-100000", run.ShardJob.Metadata.Name);
    }

    [Theory]
    [InlineData("sweep", "--level-duration", "sweep.json")]
    [InlineData("run", "--duration", "shard.json")]
    public async Task The_merge_waits_for_the_file_every_shard_writes_last_and_has_a_deadline(string command, string lengthFlag, string doneFile)
    {
        // when
        var run = await KubernetesManifestRun.InvokeAsync("--shards", "4", "--image", "reg/llmload:0.1", "--run-id", "r1", "--merge-timeout", "2h",
            "--", command, "--base-url", "http://vllm:8000", lengthFlag, "60s");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var wait = Assert.Single(run.MergeJob.Spec.Template.Spec.InitContainers);
        Assert.Equal("reg/llmload:0.1", wait.Image);
        Assert.Equal(["/bin/sh", "-c"], wait.Command.Take(2));
        var script = wait.Command[2];
        Assert.Contains($"/results/r1/shard-*/{doneFile}", script);
        Assert.Contains("-ge 4", script);
        // Kubernetes would expand "$(...)" in a command itself
        Assert.DoesNotContain("$(", script);
        Assert.Equal(7200, run.MergeJob.Spec.ActiveDeadlineSeconds);
        Assert.Equal("Never", run.MergeJob.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public async Task Every_pod_mounts_the_read_write_many_claim()
    {
        // when
        var run = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1", "--storage-class", "nfs-client", "--storage-size", "20Gi");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["ReadWriteMany"], run.Claim.Spec.AccessModes);
        Assert.Equal("nfs-client", run.Claim.Spec.StorageClassName);
        Assert.Equal("20Gi", run.Claim.Spec.Resources.Requests["storage"].ToString());
        Assert.All([run.ShardJob, run.MergeJob], job =>
        {
            var volume = Assert.Single(job.Spec.Template.Spec.Volumes);
            Assert.Equal("llmload-results", volume.PersistentVolumeClaim.ClaimName);
            Assert.Equal("/results", Assert.Single(job.Spec.Template.Spec.Containers[0].VolumeMounts).MountPath);
            Assert.True(job.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
        });
    }

    [Fact]
    public async Task The_api_key_comes_from_the_named_secret()
    {
        // when
        var run = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1", "--api-key-secret", "llmload-api-key:token");

        // then the default variable of `run`, set from the Secret, and no literal value
        Assert.True(run.ExitCode == 0, run.Error);
        var variable = Assert.Single(run.Shard.Env);
        Assert.Equal("OPENAI_API_KEY", variable.Name);
        Assert.Null(variable.Value);
        Assert.Equal(("llmload-api-key", "token"), (variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key));
    }

    [Theory]
    [InlineData("--", "sweep", "--api-key", Key, "--base-url", "http://vllm:8000", "--level-duration", "60s")]
    [InlineData("--api-key", Key, "--", "sweep", "--base-url", "http://vllm:8000", "--level-duration", "60s")]
    [InlineData("--api-key-secret", Key, "--", "sweep", "--base-url", "http://vllm:8000", "--level-duration", "60s")]
    [InlineData("--", "sweep", "--base-url", $"http://user:{Key}@vllm:8000", "--level-duration", "60s")]
    [InlineData("--", "sweep", "--header", $"Authorization: Bearer {Key}", "--base-url", "http://vllm:8000", "--level-duration", "60s")]
    [InlineData("--", "sweep", "--header", $"X-Api-Key: {Key}", "--base-url", "http://vllm:8000", "--level-duration", "60s")]
    public async Task A_key_given_on_the_command_line_is_refused_and_never_printed(params string[] rest)
    {
        // when
        var run = await KubernetesManifestRun.InvokeAsync(["--shards", "2", "--image", "reg/llmload:0.1", .. rest]);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("error: ", run.Error);
        Assert.DoesNotContain(Key, run.Error);
    }

    [Fact]
    public async Task Shards_are_kept_on_different_nodes()
    {
        // when
        var preferred = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1");
        var required = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1", "--require-separate-nodes");

        // then the term selects this run's shard pods, one per host
        Assert.True(preferred.ExitCode == 0, preferred.Error);
        var weighted = Assert.Single(preferred.ShardJob.Spec.Template.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Null(preferred.ShardJob.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        var term = Assert.Single(required.ShardJob.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        foreach (var (run, affinity) in new[] { (preferred, weighted.PodAffinityTerm), (required, term) })
        {
            Assert.Equal("kubernetes.io/hostname", affinity.TopologyKey);
            var podLabels = run.ShardJob.Spec.Template.Metadata.Labels;
            Assert.All(affinity.LabelSelector.MatchLabels, label => Assert.Equal(label.Value, podLabels[label.Key]));
            // and not the merge pod, which may share a node with a shard
            Assert.Equal("shard", affinity.LabelSelector.MatchLabels["app.kubernetes.io/component"]);
        }
    }

    [Fact]
    public async Task Resource_requests_follow_the_load_unless_given()
    {
        // when 4096 users over 4 shards (ShardResourcesTests works the figures), then the same with --cpu and --memory
        var estimated = await KubernetesManifestRun.InvokeAsync("--shards", "4", "--image", "reg/llmload:0.1",
            "--", "sweep", "--base-url", "http://vllm:8000", "--concurrency", "1024..4096", "--level-duration", "60s");
        var given = await KubernetesManifestRun.InvokeAsync("--shards", "4", "--image", "reg/llmload:0.1", "--cpu", "3", "--memory", "1Gi",
            "--", "sweep", "--base-url", "http://vllm:8000", "--concurrency", "1024..4096", "--level-duration", "60s");

        // then no CPU limit: throttling would show up as latency
        Assert.True(estimated.ExitCode == 0, estimated.Error);
        var resources = estimated.Shard.Resources;
        Assert.Equal(("1800m", "256Mi", "512Mi"), (resources.Requests["cpu"].ToString(), resources.Requests["memory"].ToString(), resources.Limits["memory"].ToString()));
        Assert.False(resources.Limits.ContainsKey("cpu"));
        var fixedResources = given.Shard.Resources;
        Assert.Equal(("3", "1Gi", "1Gi"), (fixedResources.Requests["cpu"].ToString(), fixedResources.Requests["memory"].ToString(), fixedResources.Limits["memory"].ToString()));
    }

    [Fact]
    public async Task An_open_loop_run_is_sized_from_its_rate()
    {
        // when 2000 req/s of 100 tokens from one shard (ShardResourcesTests)
        var run = await KubernetesManifestRun.InvokeAsync("--shards", "1", "--image", "reg/llmload:0.1",
            "--", "run", "--base-url", "http://vllm:8000", "--rate", "2000", "--output-tokens", "100", "--duration", "5m");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("6800m", run.Shard.Resources.Requests["cpu"].ToString());
        // the client library writes 1024Mi in its canonical form
        Assert.Equal("1Gi", run.Shard.Resources.Requests["memory"].ToString());
        Assert.Equal("run", run.Shard.Args[0]);
    }

    [Fact]
    public async Task Dollar_signs_of_the_command_line_reach_llmload_unexpanded()
    {
        // when
        var run = await KubernetesManifestRun.InvokeAsync("--shards", "2", "--image", "reg/llmload:0.1",
            "--", "run", "--base-url", "http://vllm:8000", "--label", "cost$(HOME)", "--duration", "1m");

        // then Kubernetes reads "$$" as "$", so the label arrives as typed
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("cost$$(HOME)", run.ShardArgument("--label"));
        Assert.Equal("a$$b$$$$", ShardedRunManifests.EscapeExpansion("a$b$$"));
    }

    [Theory]
    [InlineData("needs --base-url", "--", "run", "--duration", "1m")]
    [InlineData("shards a run or sweep command line", "--", "study", "study.yaml")]
    [InlineData("shards a run or sweep command line")]
    [InlineData("--output-dir cannot be given to the sharded command", "--", "run", "--base-url", "http://vllm:8000", "--output-dir", "out")]
    [InlineData("--shard cannot be given to the sharded command", "--", "run", "--base-url", "http://vllm:8000", "--shard=1/2")]
    [InlineData("--api-key-env cannot be given to the sharded command", "--", "run", "--base-url", "http://vllm:8000", "--api-key-env", "MY_KEY")]
    [InlineData("--concurrency \"0\" must be a whole number of at least 1.", "--", "run", "--base-url", "http://vllm:8000", "--concurrency", "0")]
    public async Task A_command_line_the_shards_could_not_run_is_refused_with_the_reason(string reason, params string[] rest)
    {
        // when
        var run = await KubernetesManifestRun.InvokeAsync(["--shards", "2", "--image", "reg/llmload:0.1", .. rest]);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains(reason, run.Error);
    }

    [Theory]
    [InlineData("--shards \"5000\" must be a whole number from 1 to 1000", "--shards", "5000")]
    [InlineData("--run-id \"Run_1\" must be lower-case letters", "--run-id", "Run_1")]
    [InlineData("--namespace \"Load Tests\" must be lower-case letters", "--namespace", "Load Tests")]
    [InlineData("the merge Job \"llmload-a-very-long-run-id-that-names-the-run-and-its-date-2026-03-20-merge\" has 75 characters", "--run-id", "a-very-long-run-id-that-names-the-run-and-its-date-2026-03-20")]
    [InlineData("--cpu \"two\" must be a positive Kubernetes quantity", "--cpu", "two")]
    [InlineData("--api-key-secret must be NAME:KEY", "--api-key-secret", "llmload-api-key")]
    public async Task A_flag_kubernetes_would_refuse_is_refused_here(string reason, string flag, string value)
    {
        // when
        var run = await GenerateAsync(flag == "--shards" ? ["--shards", value, "--image", "reg/llmload:0.1"] : ["--shards", "2", "--image", "reg/llmload:0.1", flag, value]);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains(reason, run.Error);
    }

    [Fact]
    public async Task A_namespace_is_written_into_every_object()
    {
        // when
        var run = await GenerateAsync("--shards", "2", "--image", "reg/llmload:0.1", "--namespace", "load-tests", "--name", "bench");

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All([run.Claim.Metadata, run.ShardJob.Metadata, run.MergeJob.Metadata], metadata => Assert.Equal("load-tests", metadata.NamespaceProperty));
        Assert.Equal("bench-results", run.Claim.Metadata.Name);
        Assert.StartsWith("bench-", run.ShardJob.Metadata.Name);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        // when the plan and the wrapped command line are both wrong
        var run = await KubernetesManifestRun.InvokeAsync("--shards", "2", "--image", "reg/llmload:0.1", "--name", "Bad_Name", "--storage-size", "lots",
            "--", "sweep", "--base-url", "http://vllm:8000");

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--name \"Bad_Name\"", run.Error);
        Assert.Contains("--storage-size \"lots\"", run.Error);
        Assert.Contains("--level-duration", run.Error);
    }

    [Fact]
    public async Task Shards_and_image_are_required()
    {
        // when
        var run = await KubernetesManifestRun.InvokeAsync(Sweep);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--shards", run.Error);
        Assert.Contains("--image", run.Error);
    }
}
