namespace LlmLoad.Core.Transport;

/// <summary>A request ready to send: the serialized body and what the record must know about it.</summary>
public sealed record PreparedRequest(int Index, bool Warmup, byte[] Body, int PromptTokens, int MaxTokens)
{
    /// <summary>Where the reply's content text goes, for a session turn whose reply is sent back next turn; null: not kept.</summary>
    public ReplyCapture? Reply { get; init; }
}
