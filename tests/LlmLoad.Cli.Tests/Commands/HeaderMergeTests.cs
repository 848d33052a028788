using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Issue 17, item 7: a <c>--header</c> named like a default header replaces it on the wire (with a notice), on both
/// HTTP stacks; headers that frame the request are refused before anything is sent.
/// </summary>
public sealed class HeaderMergeTests : IDisposable
{
    private const string EnvironmentKey = "sk-env-key-merge-11235813";

    private readonly CliHarness _harness = new();
    private readonly string _keyVariable = $"LLMLOAD_TEST_KEY_{Guid.NewGuid():N}";

    public HeaderMergeTests() => Environment.SetEnvironmentVariable(_keyVariable, EnvironmentKey);

    /// <summary>A streaming server that notes the Authorization values of every request it gets.</summary>
    private static Task<LoopbackServer> StartCapturingServerAsync(List<StringValues> authorizations) =>
        LoopbackServer.StartAsync(async context =>
        {
            lock (authorizations)
            {
                authorizations.Add(context.Request.Headers.Authorization);
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
        });

    [Theory]
    [InlineData("builtin")]
    [InlineData("llmload")] // the former name of builtin, still accepted
    [InlineData("dotnet")]
    public async Task A_user_authorization_header_replaces_the_api_key_with_a_notice(string httpStack)
    {
        // given
        var authorizations = new List<StringValues>();
        await using var server = await StartCapturingServerAsync(authorizations);

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--api-key-env", _keyVariable,
            "--header", "Authorization: Bearer user-token-X", "--http-stack", httpStack,
            "--num-requests", "2", "--concurrency", "1", "--output-dir", _harness.PathOf("out"));

        // then exactly one Authorization, the user's, on the pre-flight and every measured request
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(3, authorizations.Count);
        Assert.All(authorizations, values => Assert.Equal(["Bearer user-token-X"], values.ToArray()));
        Assert.Contains("warning: your Authorization header replaces the API key's bearer token; only yours is sent.", run.ErrorLines);
    }

    [Theory]
    [InlineData("builtin")]
    [InlineData("dotnet")]
    public async Task Without_a_user_authorization_header_the_api_key_is_sent_alone_and_nothing_is_said(string httpStack)
    {
        // given
        var authorizations = new List<StringValues>();
        await using var server = await StartCapturingServerAsync(authorizations);

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--api-key-env", _keyVariable,
            "--header", "X-Team: bench", "--http-stack", httpStack,
            "--num-requests", "1", "--concurrency", "1", "--output-dir", _harness.PathOf("out"));

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All(authorizations, values => Assert.Equal(["Bearer " + EnvironmentKey], values.ToArray()));
        Assert.DoesNotContain("Authorization", run.Error);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("content-length: 5")]
    [InlineData("Host: evil.example")]
    [InlineData("Connection: close")]
    public async Task A_header_that_frames_the_request_is_refused_up_front(string header)
    {
        // given nothing listens: a refused header must stop the command before any connection

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", "http://127.0.0.1:1", "--header", header, "--num-requests", "1");

        // then
        var name = header[..header.IndexOf(':')];
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(
            [$"error: --header \"{name}\" is set by llmload itself (from the URL and the body); a second value would break the request. Remove it."],
            run.ErrorLines);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        _harness.Dispose();
    }
}
