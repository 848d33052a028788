using System.Collections.Concurrent;
using LlmLoad.Core.Validation;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The tokenizers llmload counts tokens with: the tiktoken encodings shipped with ML.Tokenizers, and
/// byte-level BPE <c>tokenizer.json</c> files. Instances are created once per name or file and shared;
/// they are safe to use from several threads.
/// </summary>
public static class TokenizerCatalog
{
    public const string DefaultName = "o200k_base";

    private const string ExpectedForms = "o200k_base, o200k_harmony, cl100k_base or the path of a Hugging Face tokenizer.json";

    // The first tiktoken creation takes about 0.5 s (it decompresses the vocabulary), so each is made once.
    private static readonly Lazy<Tokenizer> _o200kBase = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> _o200kHarmony = new(CreateHarmony);
    private static readonly Lazy<Tokenizer> _cl100kBase = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));
    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> _files = new(StringComparer.Ordinal);

    /// <summary>The built-in tokenizer names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["o200k_base", "o200k_harmony", "cl100k_base"];

    /// <summary>
    /// The special tokens gpt-oss's <c>o200k_harmony</c> adds to o200k_base (from tiktoken's definition):
    /// the harmony control tokens and the reserved ids up to 201087.
    /// </summary>
    internal static IReadOnlyDictionary<string, int> HarmonySpecialTokens { get; } = BuildHarmonySpecialTokens();

    /// <summary>
    /// The tokenizer for a <c>--tokenizer</c> value: a name from <see cref="Names"/> or a tokenizer.json path.
    /// Throws <see cref="WorkloadException"/> for an unknown name, a missing file or an unsupported file.
    /// </summary>
    public static Tokenizer Create(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec)
        {
            case "o200k_base":
                return _o200kBase.Value;
            case "o200k_harmony":
                return _o200kHarmony.Value;
            case "cl100k_base":
                return _cl100kBase.Value;
        }

        if (CheckSpec(spec) is { } problem)
        {
            throw new WorkloadException(problem.ToString());
        }

        if (!File.Exists(spec))
        {
            throw new WorkloadException($"--tokenizer \"{spec}\": file not found; expected {ExpectedForms}.");
        }

        var key = Path.GetFullPath(spec);
        var lazy = _files.GetOrAdd(key, _ => new Lazy<Tokenizer>(() => HuggingFaceTokenizerLoader.Load(spec)));
        try
        {
            return lazy.Value;
        }
        catch (WorkloadException)
        {
            // Lazy caches the exception; forget it so a fixed file can be loaded later in the same process.
            _files.TryRemove(new KeyValuePair<string, Lazy<Tokenizer>>(key, lazy));
            throw;
        }
    }

    /// <summary>
    /// A syntax check without I/O: a value that looks like a name (no directory separator, no .json) must be a
    /// known name. Returns the problem, or null.
    /// </summary>
    internal static OptionProblem? CheckSpec(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return new(OptionField.Tokenizer, spec, $"must be {ExpectedForms}.");
        }

        var looksLikePath = spec.Contains('/') || spec.Contains('\\') || spec.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        return looksLikePath || Names.Contains(spec, StringComparer.Ordinal)
            ? null
            : new(OptionField.Tokenizer, spec, $"is not a known tokenizer; expected {ExpectedForms}.");
    }

    private static Tokenizer CreateHarmony()
    {
        // o200k_base already defines <|endoftext|> (199999) and <|endofprompt|> (200018); passing a key or id
        // twice throws "An item with the same key has already been added" (dotnet-notes.md), so skip those.
        var existing = ((TiktokenTokenizer)_o200kBase.Value).SpecialTokens ?? new Dictionary<string, int>();
        var usedIds = existing.Values.ToHashSet();
        var extra = HarmonySpecialTokens
            .Where(p => !existing.ContainsKey(p.Key) && !usedIds.Contains(p.Value))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return TiktokenTokenizer.CreateForEncoding("o200k_base", extra);
    }

    private static Dictionary<string, int> BuildHarmonySpecialTokens()
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["<|startoftext|>"] = 199998,
            ["<|endoftext|>"] = 199999,
            ["<|reserved_200000|>"] = 200000,
            ["<|reserved_200001|>"] = 200001,
            ["<|return|>"] = 200002,
            ["<|constrain|>"] = 200003,
            ["<|reserved_200004|>"] = 200004,
            ["<|channel|>"] = 200005,
            ["<|start|>"] = 200006,
            ["<|end|>"] = 200007,
            ["<|message|>"] = 200008,
            ["<|reserved_200009|>"] = 200009,
            ["<|reserved_200010|>"] = 200010,
            ["<|reserved_200011|>"] = 200011,
            ["<|call|>"] = 200012,
        };
        for (var id = 200013; id < 201088; id++)
        {
            tokens[$"<|reserved_{id}|>"] = id;
        }

        return tokens;
    }
}
