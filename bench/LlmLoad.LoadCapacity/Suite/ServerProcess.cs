using System.Diagnostics;
using LlmLoad.Core.Transport;

namespace LlmLoad.LoadCapacity.Suite;

/// <summary>
/// A harness server (<c>server</c> or <c>arrival-server</c> mode) in its own process, started from this same executable; disposing it kills that process
/// (only it, by its own handle). <see cref="Url"/> is read from the line the server prints once it listens.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <param name="serverArgs">The server's arguments after the mode word, e.g. <c>--itl-ms 1 --tokens 10</c>.</param>
    public static async Task<ServerProcess> StartAsync(string serverArgs, string mode = "server")
    {
        var process = Start(mode + " " + serverArgs);
        try
        {
            var listening = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the server exited before listening");
            return new ServerProcess(process, new Uri(listening["listening ".Length..]));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts this executable in another mode, its output redirected.</summary>
    public static Process Start(string arguments)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "LlmLoad.LoadCapacity");
        var start = new ProcessStartInfo(exe, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (SocketCompletions.SetForThisProcess)
        {
            // a client mode set it for itself; a server keeps the runtime's default, a client sets it again
            start.Environment.Remove(SocketCompletions.VariableName);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {exe}");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
