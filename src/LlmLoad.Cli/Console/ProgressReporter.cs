using System.Globalization;
using LlmLoad.Core.Running;

namespace LlmLoad.Cli.Console;

/// <summary>
/// Shows a run's progress on stderr: one line rewritten in place on a terminal, or a plain line every
/// few seconds when stderr is redirected or <c>CI</c> is set, so logs stay readable.
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly RunProgress _progress;
    private readonly TimeProvider _timeProvider;
    private readonly bool _interactive;
    private readonly long _startTimestamp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(RunProgress progress, TimeProvider timeProvider)
    {
        _progress = progress;
        _timeProvider = timeProvider;
        _interactive = IsInteractive();
        _startTimestamp = timeProvider.GetTimestamp();
        _loop = LoopAsync();
    }

    /// <summary>True when stderr is a terminal and no CI system is driving us.</summary>
    public static bool IsInteractive() =>
        !System.Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interactive ? TerminalInterval : LogInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Write(final: false);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed: the final line is written by DisposeAsync
        }
    }

    private void Write(bool final)
    {
        var line = Format(_progress, _timeProvider.GetElapsedTime(_startTimestamp));
        if (_interactive)
        {
            System.Console.Error.Write("\r" + line.PadRight(System.Console.BufferWidth > 0 ? Math.Min(System.Console.BufferWidth - 1, 120) : 0));
            if (final)
            {
                System.Console.Error.WriteLine();
            }
        }
        else if (!final || _progress.Finished > 0)
        {
            System.Console.Error.WriteLine(line);
        }
    }

    /// <summary>One progress line: elapsed, done/total, rate, errors, in flight, ETA.</summary>
    public static string Format(RunProgress progress, TimeSpan elapsed)
    {
        var finished = progress.Finished;
        var rate = elapsed.TotalSeconds > 0 ? finished / elapsed.TotalSeconds : 0;
        var total = progress.Total?.ToString(CultureInfo.InvariantCulture) ?? "?";
        TimeSpan? eta = progress switch
        {
            { Total: { } count } when rate > 0 => TimeSpan.FromSeconds(Math.Max(0, count - finished) / rate),
            { Duration: { } duration } => duration > elapsed ? duration - elapsed : TimeSpan.Zero,
            _ => null,
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,6:0.0}s] {finished}/{total} done  {rate:0.0} req/s  {progress.Failed} errors  {progress.InFlight} in flight  {(progress.MultiTurn ? $"{progress.ActiveSessions} sessions active  " : "")}{progress.OutputTokens} output tokens  ETA {(eta is { } left ? $"{left.TotalSeconds:0}s" : "?")}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Write(final: true);
        _stop.Dispose();
    }
}
