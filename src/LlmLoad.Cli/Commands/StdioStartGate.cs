using System.Globalization;
using LlmLoad.Core.Sharding;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The start gate of a <c>--processes</c> child (the hidden <c>--start-gate</c>): once ready to send, it writes
/// <see cref="ReadyLine"/> to stdout and reads the common start from stdin, which the parent writes when every child is
/// ready. A closed stdin (the parent gone) keeps the planned start.
/// </summary>
internal sealed class StdioStartGate(TextWriter output, TextReader input) : IShardStartGate
{
    public const string ReadyLine = "llmload-shard-ready";

    private readonly Lock _lock = new();
    private Task<DateTimeOffset>? _start;

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
        return line is not null && DateTimeOffset.TryParse(line, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) ? start : planned;
    }
}
