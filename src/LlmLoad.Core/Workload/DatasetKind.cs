namespace LlmLoad.Core.Workload;

/// <summary>Where prompts come from.</summary>
public enum DatasetKind
{
    /// <summary>Generated from the shipped corpus at exact token lengths.</summary>
    Synthetic,

    /// <summary>A ShareGPT-format JSON file (array of <c>{id, conversations: [{from, value}]}</c>).</summary>
    ShareGpt,

    /// <summary>A JSON Lines file of <c>{"prompt": ...}</c> or <c>{"messages": [...]}</c> objects.</summary>
    Jsonl,

    /// <summary>A Mooncake trace: JSON Lines of <c>{timestamp, input_length, output_length, hash_ids}</c>; prompts are synthesised from the hash ids (docs/traces.md).</summary>
    Mooncake,

    /// <summary>An Azure LLM inference trace: CSV with <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>; prompts are synthesised at those lengths (docs/traces.md).</summary>
    Azure,
}
