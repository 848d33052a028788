using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace LlmLoad.Core.Tests.Transport.Http1.Uvicorn;

/// <summary>
/// openai_stream_server.py under Debian's python3 with uvicorn and starlette (vLLM's HTTP stack), on a free
/// port of 127.0.0.1. <c>./test.sh</c> installs python3-uvicorn and python3-starlette; without them the test fails
/// with the command that installs them.
/// </summary>
internal sealed class UvicornServer : IAsyncDisposable
{
    /// <summary>Debian's interpreter, where apt installs the packages (a pyenv python3 may come first on PATH).</summary>
    private static readonly string s_python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private readonly Process _process;

    private UvicornServer(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<UvicornServer> StartAsync(double itlSeconds, int keepAliveSeconds, CancellationToken cancellationToken)
    {
        Assert.True(HasUvicorn(), $"{s_python} with uvicorn and starlette is needed: apt-get install python3-uvicorn python3-starlette (./test.sh does)");
        var port = FreePort();
        var script = Path.Combine(AppContext.BaseDirectory, "Transport", "Http1", "Uvicorn", "openai_stream_server.py");
        var process = Process.Start(new ProcessStartInfo(s_python, [script, port.ToString(), itlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), keepAliveSeconds.ToString()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var server = new UvicornServer(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                (await probe.GetAsync(new Uri(server.BaseUrl, "/v1/models"), cancellationToken)).EnsureSuccessStatusCode();
                return server;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (HttpRequestException)
            {
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync(cancellationToken) : "no answer within 20 s";
                await server.DisposeAsync();
                throw new InvalidOperationException("the uvicorn server did not start: " + error);
            }
        }
    }

    /// <summary>Distinct client connections that sent a completion request.</summary>
    public async Task<int> ConnectionsAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        using var stats = JsonDocument.Parse(await client.GetStringAsync(new Uri(BaseUrl, "/stats"), cancellationToken));
        return stats.RootElement.GetProperty("connections").GetInt32();
    }

    private static bool HasUvicorn()
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo(s_python, ["-c", "import uvicorn, starlette"]) { RedirectStandardError = true })!;
            check.WaitForExit();
            return check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
