using System.Globalization;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sharding;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The start gate of a <c>--processes</c> child (the hidden <c>--start-gate</c>): once ready to send, it writes
/// <see cref="ReadyLine"/> to stdout and reads the common start from stdin, which the parent writes when every child is
/// ready. Then stdin stays the parent's line to the child: <see cref="StopLine"/>, or its end (the parent gone, even
/// killed with SIGKILL), completes <see cref="ParentStopped"/>, and the child stops as on Ctrl-C.
/// </summary>
internal sealed class StdioStartGate(TextWriter output, TextReader input) : IShardStartGate
{
    public const string ReadyLine = "llmload-shard-ready";

    /// <summary>What the parent writes when it is stopped (Ctrl-C, SIGTERM), so that its children stop gracefully too.</summary>
    public const string StopLine = "llmload-shard-stop";

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _parentStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<DateTimeOffset>? _start;

    /// <summary>Completes when the parent says stop or goes away.</summary>
    public Task ParentStopped => _parentStopped.Task;

    /// <summary>The run's <see cref="ParentStopped"/> when it is a <c>--processes</c> child, else null.</summary>
    public static Task? ParentStoppedOf(RunOptions options) => (options.Shard?.Gate as StdioStartGate)?.ParentStopped;

    public Task<DateTimeOffset> OpenAsync(DateTimeOffset planned, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // once per process: a sweep's later levels start at their offsets from the same agreed start
            return _start ??= ExchangeAsync(planned, cancellationToken);
        }
    }

    private async Task<DateTimeOffset> ExchangeAsync(DateTimeOffset planned, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(ReadyLine);
        await output.FlushAsync(cancellationToken);
        var line = await input.ReadLineAsync(cancellationToken);
        if (line is null or StopLine)
        {
            _parentStopped.TrySetResult();
            return planned;
        }
        // a thread of its own: reading the console blocks, even through ReadLineAsync
        new Thread(WatchParent) { IsBackground = true, Name = "llmload parent watch" }.Start();
        return DateTimeOffset.TryParse(line, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) ? start : planned;
    }

    private void WatchParent()
    {
        try
        {
            while (input.ReadLine() is { } line && line != StopLine)
            {
                // nothing else is sent after the start
            }
        }
        catch (IOException)
        {
            // a broken pipe is the parent gone as well
        }
        _parentStopped.TrySetResult();
    }
}
