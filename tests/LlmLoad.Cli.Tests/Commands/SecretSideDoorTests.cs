using System.Text;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Issue 17, item 2: a key sent under a harmless header name, the base URL's user name and password, and the
/// environment key reach the server and no output of a run or a sweep: no file of the result directory, not stdout,
/// not stderr, not the error a server echoes them in.
/// </summary>
public sealed class SecretSideDoorTests : IDisposable
{
    private const string EnvironmentKey = "sk-env-key-side-door-31415926";
    private const string HeaderSecret = "sk-custom-header-27182818";
    private const string UrlUser = "bench-user";
    private const string UrlPassword = "url-pass-16180339";

    private readonly CliHarness _harness = new();
    private readonly string _keyVariable = $"LLMLOAD_TEST_KEY_{Guid.NewGuid():N}";

    public SecretSideDoorTests() => Environment.SetEnvironmentVariable(_keyVariable, EnvironmentKey);

    private static readonly string BasicToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UrlUser}:{UrlPassword}"));

    private static readonly string[] Secrets = [EnvironmentKey, HeaderSecret, UrlPassword, $"{UrlUser}:{UrlPassword}", BasicToken];

    /// <summary>A server that streams the pre-flights and every other request, and answers the rest with a 500 quoting their credentials back.</summary>
    private static Task<LoopbackServer> StartEchoingServerAsync(List<string> authorizations)
    {
        var count = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            int number;
            lock (authorizations)
            {
                authorizations.Add(authorization);
                number = ++count;
            }
            if (body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal) || number % 2 == 1)
            {
                await SseScript.StartStreamAsync(context);
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync(
                $"bad credentials {authorization} custom {context.Request.Headers["X-Custom"]}", context.RequestAborted);
        });
    }

    private static string WithCredentials(Uri baseUrl) => $"http://{UrlUser}:{UrlPassword}@{baseUrl.Authority}/";

    private void AssertNothingLeaks(CliRun run, string outputDirectory)
    {
        var files = Directory.GetFiles(outputDirectory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, run.Out + run.Error);
            foreach (var file in files)
            {
                Assert.False(File.ReadAllText(file).Contains(secret, StringComparison.Ordinal), $"{file} contains {secret}");
            }
        }
    }

    [Fact]
    public async Task A_run_sends_the_url_credentials_as_basic_auth_and_writes_no_secret_anywhere()
    {
        // given
        var authorizations = new List<string>();
        await using var server = await StartEchoingServerAsync(authorizations);
        var output = _harness.PathOf("run");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", WithCredentials(server.BaseUrl), "--api-key-env", _keyVariable,
            "--header", $"X-Custom: {HeaderSecret}", "--num-requests", "6", "--concurrency", "2", "--output-dir", output);

        // then the credentials went to the server, the failures were recorded, and no secret is in any output
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All(authorizations, authorization => Assert.Equal("Basic " + BasicToken, authorization));
        Assert.Contains("bad credentials Basic *** custom ***", File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Contains("\"X-Custom\": \"***\"", File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Contains("\"base_url\": \"http://127.0.0.1", File.ReadAllText(Path.Combine(output, "summary.json")));
        AssertNothingLeaks(run, output);
    }

    [Fact]
    public async Task A_sweep_writes_no_secret_anywhere()
    {
        // given
        var authorizations = new List<string>();
        await using var server = await StartEchoingServerAsync(authorizations);
        var output = _harness.PathOf("sweep");

        // when
        var run = await CliRun.InvokeAsync("sweep", "--base-url", WithCredentials(server.BaseUrl), "--api-key-env", _keyVariable,
            "--header", $"X-Custom: {HeaderSecret}", "--concurrency", "1,2", "--requests-per-level", "4", "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Contains("\"X-Custom\": \"***\"", File.ReadAllText(Path.Combine(output, "sweep.json")));
        AssertNothingLeaks(run, output);
    }

    [Fact]
    public async Task Cannot_reach_names_the_url_without_its_credentials()
    {
        // given a port with nothing listening
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", $"http://{UrlUser}:{UrlPassword}@127.0.0.1:{port}",
            "--num-requests", "1", "--output-dir", _harness.PathOf("unreachable"));

        // then
        Assert.Equal(ExitCodes.EndpointUnusable, run.ExitCode);
        Assert.Contains($"cannot reach http://127.0.0.1:{port}/", run.Error);
        Assert.DoesNotContain(UrlPassword, run.Error + run.Out);
        Assert.DoesNotContain(UrlUser, run.Error + run.Out);
    }

    [Fact]
    public async Task A_base_url_that_does_not_parse_is_echoed_without_its_credentials()
    {
        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", $"ftp://{UrlUser}:{UrlPassword}@127.0.0.1:1/", "--num-requests", "1");

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--base-url \"ftp://***@127.0.0.1:1/\" must be", run.Error);
        Assert.DoesNotContain(UrlPassword, run.Error);
    }

    [Fact]
    public async Task Show_header_values_writes_harmless_header_values_but_not_secret_named_ones()
    {
        // given
        var authorizations = new List<string>();
        await using var server = await StartEchoingServerAsync(authorizations);
        var output = _harness.PathOf("shown");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--show-header-values",
            "--header", "X-Team: load-test-team", "--header", "X-Api-Token: token-value-12345",
            "--num-requests", "2", "--concurrency", "1", "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var summary = File.ReadAllText(Path.Combine(output, "summary.json"));
        Assert.Contains("\"X-Team\": \"load-test-team\"", summary);
        Assert.Contains("\"X-Api-Token\": \"***\"", summary);
        Assert.DoesNotContain("token-value-12345", summary);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        _harness.Dispose();
    }
}
