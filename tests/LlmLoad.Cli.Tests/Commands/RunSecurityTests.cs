using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Keys come from a variable or a file, reach the server, and nothing else: not a file, not the console, not an echoed error.</summary>
public sealed class RunSecurityTests : IDisposable
{
    private const string Key = "sk-file-key-do-not-leak-9876543210";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"llmload-security-{Guid.NewGuid():N}");

    public RunSecurityTests() => Directory.CreateDirectory(_dir);

    private string OutputDir => Path.Combine(_dir, "out");

    private string WriteKeyFile()
    {
        var path = Path.Combine(_dir, "api.key");
        // the first line counts, trimmed; what follows is ignored
        File.WriteAllText(path, $"  {Key}  \nsecond line is not the key\n");
        return path;
    }

    private void AssertNoFileContains(string secret)
    {
        foreach (var file in Directory.GetFiles(OutputDir))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file));
        }
    }

    [Fact]
    public async Task The_first_line_of_the_key_file_is_sent_as_the_bearer_token_and_written_nowhere()
    {
        // given a server that notes the Authorization header of each request
        var seen = new List<string>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            lock (seen)
            {
                seen.Add(context.Request.Headers.Authorization.ToString());
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
        });

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--api-key-file", WriteKeyFile(),
            "--num-requests", "3", "--concurrency", "1", "--output-dir", OutputDir);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All(seen, header => Assert.Equal("Bearer " + Key, header));
        Assert.Equal(4, seen.Count); // the pre-flight and three measured requests
        AssertNoFileContains(Key);
        Assert.DoesNotContain(Key, run.Out + run.Error);
    }

    [Fact]
    public async Task A_server_that_echoes_the_key_in_its_errors_gets_it_redacted_in_records_summary_and_console()
    {
        // given a server that answers the measured requests with a 500 quoting the Authorization and X-Api-Token headers back
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            if (body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal))
            {
                await SseScript.StartStreamAsync(context);
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync(
                $"invalid credentials {context.Request.Headers.Authorization} and token {context.Request.Headers["X-Api-Token"]}", context.RequestAborted);
        });

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--api-key-file", WriteKeyFile(),
            "--header", "X-Api-Token: header-secret-abcdef", "--num-requests", "4", "--concurrency", "2", "--output-dir", OutputDir);

        // then the failures are recorded, with the secrets cut out everywhere
        Assert.True(run.ExitCode == ExitCodes.AllRequestsFailed, run.Error);
        Assert.Contains("Errors (http_status 500):", run.Out);
        Assert.Contains("  http_status 500: HTTP 500 Internal Server Error: invalid credentials Bearer *** and token ***", run.Out);
        Assert.Contains("\"http_status 500\": \"HTTP 500 Internal Server Error: invalid credentials Bearer *** and token ***\"",
            File.ReadAllText(Path.Combine(OutputDir, "summary.json")));
        foreach (var secret in new[] { Key, "header-secret-abcdef" })
        {
            AssertNoFileContains(secret);
            Assert.DoesNotContain(secret, run.Out + run.Error);
        }
    }

    [Fact]
    public async Task Insecure_warns_that_certificates_are_not_verified()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
        });

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--insecure",
            "--num-requests", "1", "--concurrency", "1", "--output-dir", OutputDir);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("warning: --insecure: TLS certificates are not verified; anyone on the path can read the API key.", run.ErrorLines[0]);
    }

    [Fact]
    public async Task Without_insecure_there_is_no_warning()
    {
        // given
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
        });

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(),
            "--num-requests", "1", "--concurrency", "1", "--output-dir", OutputDir);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("--insecure", run.Error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
