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

    internal SimulatedRequest(long id, int promptTokens, int outputTokens, IReadOnlyList<ulong>? blockHashes)
    {
        Sequence = new EngineSequence(id, promptTokens, outputTokens, this, blockHashes);
    }

    public long Id => Sequence.Id;

    /// <summary>Tokens the engine generates for this request.</summary>
    public int OutputTokens => Sequence.OutputTokens;

    /// <summary>Token events in order; completes after the final token or a rejection.</summary>
    public ChannelReader<TokenEvent> Events => _events.Reader;

    internal EngineSequence Sequence { get; }

    internal ChannelWriter<TokenEvent> Writer => _events.Writer;
}
