namespace LlmLoad.Core.Transport;

/// <summary>A request ready to send: the serialized body and what the record must know about it.</summary>
public sealed record PreparedRequest(int Index, bool Warmup, byte[] Body, int PromptTokens, int MaxTokens)
{
    /// <summary>Where the reply's content text goes, for a session turn whose reply is sent back next turn; null: not kept.</summary>
    public ReplyCapture? Reply { get; init; }

    /// <summary>The model the body names, copied to the record so results split by model.</summary>
    public string? Model { get; init; }

    /// <summary>The dataset the prompt came from under a dataset mix, copied to the record; null for a single dataset.</summary>
    public string? Dataset { get; init; }
}
