using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Loads a Hugging Face <c>tokenizer.json</c> that describes a byte-level BPE model (GPT-2, Llama 3, Qwen,
/// gpt-oss style) into an ML.Tokenizers <see cref="BpeTokenizer"/>. ML.Tokenizers has no loader of its own;
/// this is the one from dotnet-notes.md Appendix A, which matched HF ids exactly on Qwen3 and gpt-oss.
/// Anything it cannot reproduce exactly (SentencePiece-style byte fallback, Metaspace, other normalizers)
/// is refused with a <see cref="WorkloadException"/> rather than counted wrongly.
/// </summary>
internal static class HuggingFaceTokenizerLoader
{
    /// <summary>GPT-2's pre-tokenizer regex, used by a ByteLevel pre-tokenizer with <c>use_regex</c> on.</summary>
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static Tokenizer Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new WorkloadException($"{path}: not a tokenizer.json file (invalid JSON: {JsonErrors.Reason(e)}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkloadException($"{path}: cannot read the tokenizer file ({e.Message}).", e);
        }

        using (document)
        {
            try
            {
                return Create(path, document.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException or FormatException)
            {
                // Wrong JSON types (e.g. a number where a string belongs) or ids ML.Tokenizers rejects.
                throw new WorkloadException($"{path}: not a usable tokenizer.json ({e.Message}).", e);
            }
        }
    }

    private static Tokenizer Create(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw new WorkloadException($"{path}: not a tokenizer.json file (expected an object with a \"model\" field).");
        }

        var type = model.TryGetProperty("type", out var t) ? t.GetString() : "BPE";
        if (type != "BPE")
        {
            throw Unsupported(path, $"model type \"{type}\"");
        }

        if (model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True)
        {
            throw Unsupported(path, "byte-fallback BPE (SentencePiece style)");
        }

        var vocab = model.GetProperty("vocab").EnumerateObject()
            .Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32()))
            .ToList();

        // Merges come as "a b" strings (older files) or ["a", "b"] pairs (tokenizers >= 0.20).
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e[0].GetString() + " " + e[1].GetString())
            .ToList();

        // HF splits the input on every added token before the model runs, special or not.
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in addedTokens.EnumerateArray())
            {
                added[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }

        var pattern = PreTokenizerPattern(path, root);
        return BpeTokenizer.Create(new BpeOptions(vocab)
        {
            Merges = merges,
            SpecialTokens = added,
            ByteLevel = true,
            PreTokenizer = pattern is null ? null : new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), added),
            Normalizer = CreateNormalizer(path, root),
        });
    }

    /// <summary>The split regex of the pre-tokenizer, or null when the text is not split before BPE.</summary>
    private static string? PreTokenizerPattern(string path, JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var steps = pre.GetProperty("type").GetString() == "Sequence"
            ? pre.GetProperty("pretokenizers").EnumerateArray().ToList()
            : [pre];
        string? pattern = null;
        var sawByteLevel = false;
        foreach (var step in steps)
        {
            switch (step.GetProperty("type").GetString())
            {
                case "Split" when pattern is null && IsIsolatedSplit(step):
                    var p = step.GetProperty("pattern");
                    pattern = p.TryGetProperty("Regex", out var regex) ? regex.GetString() : Regex.Escape(p.GetProperty("String").GetString()!);
                    break;
                case "ByteLevel" when !sawByteLevel && !IsTrue(step, "add_prefix_space", defaultValue: false):
                    sawByteLevel = true;
                    if (IsTrue(step, "use_regex", defaultValue: true))
                    {
                        pattern = pattern is null ? Gpt2Pattern : throw Unsupported(path, "a Split pre-tokenizer followed by a regex ByteLevel one");
                    }

                    break;
                default:
                    throw Unsupported(path, $"pre-tokenizer \"{step.GetProperty("type").GetString()}\" with these settings");
            }
        }

        return pattern;
    }

    private static bool IsIsolatedSplit(JsonElement step) =>
        step.TryGetProperty("behavior", out var behavior) && behavior.GetString() == "Isolated" && !IsTrue(step, "invert", defaultValue: false);

    private static bool IsTrue(JsonElement element, string name, bool defaultValue) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.True : defaultValue;

    private static Normalizer? CreateNormalizer(string path, JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = normalizer.GetProperty("type").GetString();
        return type == "NFC" ? new NfcNormalizer() : throw Unsupported(path, $"normalizer \"{type}\"");
    }

    private static WorkloadException Unsupported(string path, string what) =>
        new($"{path}: {what} is not supported; only byte-level BPE tokenizer.json files are (GPT-2, Llama 3, Qwen, gpt-oss style). Use o200k_base or cl100k_base for an approximate count.");

    /// <summary>
    /// Unicode NFC, which Qwen-family tokenizers apply before splitting. .NET normalizes through ICU, so with
    /// InvariantGlobalization on (Directory.Build.props) non-ASCII text passes through unchanged: counts then
    /// differ from HF only for text holding decomposed characters, which is rare since most text is NFC already.
    /// </summary>
    private sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);

        public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
    }
}
