using Microsoft.ML.Tokenizers;

namespace LlmLoad.Simulator.Http;

/// <summary>Counts and encodes prompt tokens with o200k_base, the tokenizer of gpt-oss and gpt-4o (thread-safe).</summary>
internal static class PromptTokenCounter
{
    // creating the tokenizer decompresses its embedded vocabulary (about 0.5 s), so it is done once
    private static readonly Lazy<Tokenizer> s_tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Loads the vocabulary now, so the first request does not pay for it.</summary>
    public static void Warm() => _ = s_tokenizer.Value;

    public static int Count(string text) => text.Length == 0 ? 0 : s_tokenizer.Value.CountTokens(text);

    /// <summary>The token ids of <paramref name="text"/>; as many as <see cref="Count"/> gives.</summary>
    public static IReadOnlyList<int> Encode(string text) => text.Length == 0 ? [] : s_tokenizer.Value.EncodeToIds(text);
}
