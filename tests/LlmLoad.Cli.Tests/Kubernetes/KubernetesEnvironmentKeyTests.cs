namespace LlmLoad.Cli.Tests.Kubernetes;

/// <summary>The key of the machine that prints the manifests stays there: the pods get it from the Secret only.</summary>
[Collection(SharedEnvironment.Name)]
public sealed class KubernetesEnvironmentKeyTests
{
    private const string Key = "sk-kube-local-env-do-not-print-0123456789";

    [Fact]
    public async Task No_secret_value_reaches_the_manifests_when_the_key_is_in_the_environment()
    {
        // given the key in the default variable of the machine that prints the manifests
        var before = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", Key);
        try
        {
            // when
            var run = await KubernetesManifestRun.InvokeAsync("--shards", "2", "--image", "reg/llmload:0.1", "--api-key-secret", "llmload-api-key:key",
                "--", "run", "--base-url", "http://vllm:8000", "--duration", "1m");

            // then
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.DoesNotContain(Key, run.Out + run.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", before);
        }
    }
}
