using LlmLoad.Cli.Commands;
using LlmLoad.Cli.Kubernetes;
using LlmLoad.Cli.Tests.Commands;
using Microsoft.Extensions.Time.Testing;

namespace LlmLoad.Cli.Tests.Kubernetes;

/// <summary>
/// The command lines the pods run are judged when the manifests are printed, by the same parser and shard validation
/// the pods will run: a refusal a shard would hit is printed instead of the manifests, in the shard flags' own words.
/// </summary>
public sealed class KubernetesPodCommandLineTests
{
    private const string BaseUrl = "http://127.0.0.1:1";

    /// <summary>The flags shard 0 of 2 gets from the manifests printed at <see cref="KubernetesManifestRun.Now"/> with the default start delay.</summary>
    private static readonly string[] ShardZeroOfTwo = ["--shard", "0/2", "--start-at", "2026-03-20T10:00:00Z", "--run-id", "20260320-100000"];

    [Theory]
    [InlineData("--repeats is not supported with shards", "run", "--duration", "1m", "--repeats", "2")]
    [InlineData("--repeats is not supported with shards", "sweep", "--concurrency", "4,8", "--level-duration", "60s", "--repeats", "2")]
    [InlineData("--ramp is not split into shards yet", "run", "--ramp", "linear:0..200:60s")]
    [InlineData("--num-sessions 1 is fewer sessions than the 2 shards", "run", "--multi-turn", "--num-sessions", "1")]
    [InlineData("--concurrency 1 is fewer users than the 2 shards", "run", "--duration", "1m", "--concurrency", "1")]
    [InlineData("--num-requests 1 is fewer than the 2 shards", "run", "--num-requests", "1")]
    [InlineData("the sweep's lowest level has 1 users, fewer than its 2 shards", "sweep", "--concurrency", "1,4", "--level-duration", "60s")]
    [InlineData("a sharded sweep needs a time-based level plan", "sweep", "--concurrency", "4,8")]
    [InlineData("--find-max-rate is not supported with shards", "sweep", "--rate", "1..64", "--find-max-rate", "--goodput", "ttft<=500ms", "--level-duration", "30s")]
    [InlineData("--stop-after-breakpoint is not supported with shards", "sweep", "--concurrency", "4,8", "--level-duration", "60s", "--stop-after-breakpoint")]
    public async Task A_command_line_a_shard_would_refuse_is_refused_in_the_shard_flags_words(string reason, string command, params string[] flags)
    {
        // given what shard 0 of 2 says of the command line when started by hand
        string[] commandLine = [command, "--base-url", BaseUrl, .. flags];
        var byHand = await KubernetesManifestRun.InvokeCommandAsync(KubernetesManifestRun.Now, [.. commandLine, .. ShardZeroOfTwo]);

        // when
        var run = await KubernetesManifestRun.InvokeAsync(["--shards", "2", "--image", "reg/llmload:0.1", "--", .. commandLine]);

        // then one line, the shard's own
        Assert.Equal(ExitCodes.InvalidInput, byHand.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains(reason, Assert.Single(CliHarness.Lines(run.Error)));
        Assert.Equal(byHand.Error, run.Error);
    }

    [Theory]
    [InlineData("run", "--duration", "1m")]
    [InlineData("run", "--duration", "1m", "--multi-turn", "--think-time", "exponential:3s")]
    [InlineData("sweep", "--concurrency", "4,8", "--level-duration", "60s")]
    public async Task Every_pod_runs_a_command_line_llmload_accepts(string command, params string[] flags)
    {
        // given the printed manifests
        var run = await KubernetesManifestRun.InvokeAsync(["--shards", "2", "--image", "reg/llmload:0.1", "--", command, "--base-url", BaseUrl, .. flags]);
        Assert.True(run.ExitCode == 0, run.Error);

        // when the last shard's and the merge's arguments are read by llmload's own parser (the index as Kubernetes fills it in)
        var shard = run.Shard.Args.Select(arg => arg.Replace($"$({ShardedRunManifests.CompletionIndexVariable})", "1", StringComparison.Ordinal)).ToArray();
        var context = new CliContext(new StringWriter(), new StringWriter(), new FakeTimeProvider(KubernetesManifestRun.Now));
        var shardParse = LlmLoadCli.Parse(shard, context);
        var mergeParse = LlmLoadCli.Parse([.. run.Merge.Args], context);

        // then both are accepted as they stand
        Assert.Empty(shardParse.Errors);
        Assert.Empty(Assert.IsType<ValidatedCommand>(shardParse.CommandResult.Command).ValidateValues(shardParse));
        Assert.Contains("1/2", shard);
        Assert.Empty(mergeParse.Errors);
        Assert.Equal("merge", mergeParse.CommandResult.Command.Name);
    }
}
