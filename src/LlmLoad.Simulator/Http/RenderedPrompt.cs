using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// A request's prompt as the engine sees it, for the prefix cache: a count of tokens and the chained
/// hashes of its full KV blocks, built from the o200k_base token ids the server already counts with.
/// </summary>
/// <remarks>
/// The rendering (docs/simulator-prefix-cache.md):
/// <list type="bullet">
/// <item>Text completions: the prompt's token ids as they are (or the ids sent as a list).</item>
/// <item>Chat: the messages in order, each token id folded with its message's role, and the first token
/// of each message also marked as a start, so that moving text between messages or changing a role
/// changes the hash from that block on; then the profile's chat-template tokens
/// (<c>prompt_overhead_tokens</c>), all alike.</item>
/// </list>
/// The template tokens come last rather than first as in a real template: the calibrated profiles were
/// fitted with every request computing its template tokens, and a preamble shared by every request
/// would otherwise hit the cache for all of them and move the calibrated figures. The token count is
/// unchanged by the rendering: roles and starts are folded into token values, not added as tokens.
/// </remarks>
internal sealed class RenderedPrompt
{
    private const long StartOfMessage = 0x5354415254L; // "START"
    private const long TemplateToken = 0x54454D504CL;  // "TEMPL"

    private readonly BlockHashBuilder _hashes;

    public RenderedPrompt(int blockSize) => _hashes = new BlockHashBuilder(blockSize);

    /// <summary>Tokens rendered so far.</summary>
    public int Tokens => _hashes.Tokens;

    /// <summary>Plain prompt text (text completions).</summary>
    public void AddText(string text)
    {
        foreach (var id in PromptTokenCounter.Encode(text))
        {
            _hashes.Add(id);
        }
    }

    /// <summary>A token id sent as a number (text completions with a token-id prompt).</summary>
    public void AddTokenId(long id) => _hashes.Add(id);

    /// <summary>Text of a chat message (or one text part of it; <paramref name="startsMessage"/> for its first part).</summary>
    public void AddMessageText(string role, string text, bool startsMessage)
    {
        var roleKey = RoleKey(role);
        var first = startsMessage;
        foreach (var id in PromptTokenCounter.Encode(text))
        {
            _hashes.Add(BlockHashBuilder.Combine(first ? roleKey ^ StartOfMessage : roleKey, id));
            first = false;
        }
    }

    /// <summary>The chat template's tokens, the same for every request.</summary>
    public void AddTemplateTokens(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _hashes.Add(BlockHashBuilder.Combine(TemplateToken, i));
        }
    }

    /// <summary>Hashes of the full blocks, in order.</summary>
    public ulong[] BlockHashes() => _hashes.ToArray();

    // FNV-1a over the role's characters: stable across processes, unlike string.GetHashCode
    private static long RoleKey(string role)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in role)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return (long)hash;
    }
}
