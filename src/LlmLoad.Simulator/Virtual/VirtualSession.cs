using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// A virtual user's current session: its shared-prefix group and its content so far (the prefix, then earlier
/// inputs and replies), which the next turn resends. Builds each turn's prompt block hashes from content ids.
/// </summary>
/// <remarks>
/// Content ids mirror the HTTP rendering (<c>RenderedPrompt</c>): the group's prefix tokens, then the session's
/// own tokens by position, then the template tokens, alike for every request. Equal content therefore hashes
/// equal exactly where the same conversation sent over HTTP would. The content's hashing state is kept and
/// extended turn by turn, so a long history is not hashed again for every turn.
/// </remarks>
internal sealed class VirtualSession(long id, int prefixGroup, int prefixTokens)
{
    private readonly int _prefixTokens = prefixTokens;
    private BlockHashBuilder? _content;

    /// <summary>Unique within the run.</summary>
    public long Id => id;

    public int TurnsDone { get; set; }

    /// <summary>Tokens of the shared prefix, earlier inputs and replies: what the next turn resends.</summary>
    public int ContentTokens { get; private set; } = prefixTokens;

    /// <summary>Adds a finished turn's input and reply to the content.</summary>
    public void Append(int tokens) => ContentTokens += tokens;

    /// <summary>Hashes of the full blocks of the next prompt: the content, <paramref name="inputTokens"/> new tokens, the template.</summary>
    public ulong[] PromptBlockHashes(int inputTokens, int blockSize, int templateTokens)
    {
        _content ??= Prefix(blockSize);
        AddOwnTokens(_content, _content.Tokens - _prefixTokens, ContentTokens - _content.Tokens);
        var prompt = _content.Clone();
        AddOwnTokens(prompt, ContentTokens - _prefixTokens, inputTokens);
        for (var i = 0; i < templateTokens; i++)
        {
            prompt.Add(BlockHashBuilder.Combine(long.MinValue, i));
        }

        return prompt.ToArray();
    }

    private BlockHashBuilder Prefix(int blockSize)
    {
        var builder = new BlockHashBuilder(blockSize);
        for (var i = 0; i < _prefixTokens; i++)
        {
            builder.Add(BlockHashBuilder.Combine(-1 - prefixGroup, i));
        }

        return builder;
    }

    /// <summary>Appends the session's own tokens at positions [from, from + count) after the prefix.</summary>
    private void AddOwnTokens(BlockHashBuilder builder, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            builder.Add(BlockHashBuilder.Combine(id, i));
        }
    }
}
