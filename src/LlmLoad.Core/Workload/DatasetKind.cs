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
}
