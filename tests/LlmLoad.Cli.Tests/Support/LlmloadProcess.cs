using System.Diagnostics;
using System.Text;

namespace LlmLoad.Cli.Tests.Support;

/// <summary>
/// The real <c>llmload</c> executable (copied next to the test assembly by the project reference) run as a
/// separate process, so that signals and SIGKILL hit it the way they hit a user's run.
/// </summary>
internal sealed class LlmloadProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    private LlmloadProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static LlmloadProcess Start(params string[] args)
    {
        var appHost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "llmload.exe" : "llmload");
        var start = File.Exists(appHost)
            ? new ProcessStartInfo(appHost)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "llmload.dll") } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new LlmloadProcess(process);
        process.OutputDataReceived += (_, e) => started.OnLine(started._out, e.Data);
        process.ErrorDataReceived += (_, e) => started.OnLine(started._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Completes when the process writes a stderr line that matches (lines already written count too).</summary>
    public Task WaitForErrorLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_error)
        {
            if (_error.ToString().Split('\n').Any(line => match(line.TrimEnd('\r'))))
            {
                return Task.CompletedTask;
            }
            _waiters.Add((match, seen));
        }
        return seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a POSIX signal by name (INT, TERM) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        // the exit can come before the last redirected lines are read; this overload waits for them
        _process.WaitForExit();
        return _process.ExitCode;
    }

    private void OnLine(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (buffer)
        {
            buffer.Append(line).Append('\n');
            if (buffer != _error)
            {
                return;
            }
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }
}
