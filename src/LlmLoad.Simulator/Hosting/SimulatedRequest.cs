using System.Threading.Channels;
using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Hosting;

/// <summary>
/// A request submitted to the <see cref="RealTimeEngineHost"/>: read <see cref="Events"/> for its tokens
/// (written by the engine thread at step boundaries); abort it through the host.
/// </summary>
public sealed class SimulatedRequest
{
    private readonly Channel<TokenEvent> _events = Channel.CreateUnbounded<TokenEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private long _scheduledTimestamp;

    internal SimulatedRequest(long id, int promptTokens, int outputTokens, IReadOnlyList<ulong>? blockHashes)
    {
        SubmittedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        Sequence = new EngineSequence(id, promptTokens, outputTokens, this, blockHashes);
    }

    public long Id => Sequence.Id;

    /// <summary>Tokens the engine generates for this request.</summary>
    public int OutputTokens => Sequence.OutputTokens;

    /// <summary>Token events in order; completes after the final token or a rejection.</summary>
    public ChannelReader<TokenEvent> Events => _events.Reader;

    /// <summary>When the request reached the host (after the modelled proxy), a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long SubmittedTimestamp { get; }

    /// <summary>When the engine first scheduled it (its queue time ends); 0 until then.</summary>
    public long ScheduledTimestamp => Volatile.Read(ref _scheduledTimestamp);

    internal void MarkScheduled(long timestamp) => Volatile.Write(ref _scheduledTimestamp, timestamp);

    internal EngineSequence Sequence { get; }

    internal ChannelWriter<TokenEvent> Writer => _events.Writer;
}
