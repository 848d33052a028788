using System.Text.Json.Nodes;
using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class HuggingFaceTokenizerLoaderTests
{
    /// <summary>
    /// Expected ids were computed once by an independent implementation, @lenml/tokenizers 3.7.2 (a fork of
    /// transformers.js), with tools/tokenizer-fixture/reference_ids.mjs on TestData/tiny_tokenizer.json
    /// (made by tools/tokenizer-fixture/make_tiny_tokenizer.py from our corpus).
    /// </summary>
    public static TheoryData<string, int[]> ReferenceIds => new()
    {
        { "The quick brown fox jumps over the lazy dog.", [319, 502, 330, 107, 443, 453, 272, 111, 120, 32, 106, 435, 112, 115, 263, 305, 259, 275, 97, 122, 121, 430, 103, 46] },
        { "It's the river's edge; they'll say we'd gone, I'm sure.", [73, 116, 39, 115, 259, 315, 498, 39, 115, 32, 283, 384, 59, 363, 39, 291, 261, 323, 370, 39, 100, 296, 510, 44, 333, 39, 109, 340, 266, 46] },
        { "Numbers: 1234567 and 3.14159, plus 2026-11-28.", [78, 435, 98, 391, 58, 32, 49, 50, 51, 52, 53, 54, 55, 270, 32, 51, 46, 49, 52, 49, 53, 57, 44, 527, 117, 115, 32, 50, 48, 50, 54, 45, 49, 49, 45, 50, 56, 46] },
        { "Tabs\tand  double  spaces\nand new\n\nlines   ", [84, 542, 115, 9, 404, 32, 288, 279, 98, 300, 32, 423, 320, 281, 10, 404, 352, 119, 307, 108, 260, 281, 32, 32, 32] },
        { "caf\u00e9 na\u00efve \u00fcber \u65e5\u672c\u8a9e \U0001F600!", [99, 97, 102, 195, 169, 285, 97, 195, 175, 313, 32, 195, 188, 98, 265, 32, 230, 151, 165, 230, 156, 172, 232, 170, 158, 32, 240, 159, 152, 128, 33] },
        { "<|endoftext|>Hello<|endoftext|> world", [556, 72, 101, 291, 111, 556, 484, 309] },
        { "def f(x):\n    return x ** 2  # square", [100, 101, 102, 272, 40, 120, 41, 58, 10, 32, 32, 32, 331, 116, 431, 32, 120, 32, 42, 42, 32, 50, 32, 32, 35, 261, 411, 97, 266] },
        { "   leading spaces and trailing punctuation?!...", [32, 32, 380, 336, 276, 423, 320, 281, 270, 405, 97, 378, 276, 287, 486, 450, 117, 436, 63, 33, 46, 46, 46] },
    };

    [Theory]
    [MemberData(nameof(ReferenceIds))]
    public void Ids_match_the_transformers_js_reference(string text, int[] expected)
    {
        var tokenizer = HuggingFaceTokenizerLoader.Load(TestFiles.Data("tiny_tokenizer.json"));

        var ids = tokenizer.EncodeToIds(text);

        Assert.Equal(expected, ids);
        Assert.Equal(expected.Length, tokenizer.CountTokens(text));
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void An_nfc_normalizer_is_loaded_only_when_the_file_names_one()
    {
        using var file = WriteVariant(root => root["normalizer"] = new JsonObject { ["type"] = "NFC" });

        var withNfc = HuggingFaceTokenizerLoader.Load(file.Path);
        var without = HuggingFaceTokenizerLoader.Load(TestFiles.Data("tiny_tokenizer.json"));

        Assert.NotNull(withNfc.Normalizer);
        Assert.Null(without.Normalizer);
    }

    [Fact]
    public void An_nfc_normalizer_composes_accents_before_splitting()
    {
        // .NET normalizes through ICU, which InvariantGlobalization (Directory.Build.props) switches off.
        Assert.SkipUnless("e\u0301".Normalize(System.Text.NormalizationForm.FormC) == "\u00e9", "Unicode normalization needs ICU (InvariantGlobalization is on)");
        using var file = WriteVariant(root => root["normalizer"] = new JsonObject { ["type"] = "NFC" });
        var tokenizer = HuggingFaceTokenizerLoader.Load(file.Path);

        var decomposed = tokenizer.EncodeToIds("cafe\u0301");

        Assert.Equal([99, 97, 102, 195, 169], decomposed); // the same ids as the composed "caf\u00e9"
    }

    [Fact]
    public void A_gpt2_style_byte_level_pre_tokenizer_uses_the_gpt2_split()
    {
        using var file = WriteVariant(root => root["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "ByteLevel",
            ["add_prefix_space"] = false,
            ["use_regex"] = true,
        });
        var tokenizer = HuggingFaceTokenizerLoader.Load(file.Path);

        // GPT-2's split keeps " 1234567" as one piece, where the fixture's own regex cuts digits in threes;
        // no digit merges exist, so only the leading space differs: " " + digits as bytes.
        var ids = tokenizer.EncodeToIds(" 1234567");

        Assert.Equal([32, 49, 50, 51, 52, 53, 54, 55], ids);
    }

    [Theory]
    [InlineData("model.type", "model type \"Unigram\" is not supported")]
    [InlineData("model.byte_fallback", "byte-fallback BPE (SentencePiece style) is not supported")]
    [InlineData("normalizer", "normalizer \"NFKC\" is not supported")]
    [InlineData("pre_tokenizer", "pre-tokenizer \"Metaspace\" with these settings is not supported")]
    public void Tokenizers_it_cannot_reproduce_exactly_are_refused(string change, string reason)
    {
        using var file = WriteVariant(root =>
        {
            switch (change)
            {
                case "model.type":
                    root["model"]!["type"] = "Unigram";
                    break;
                case "model.byte_fallback":
                    root["model"]!["byte_fallback"] = true;
                    break;
                case "normalizer":
                    root["normalizer"] = new JsonObject { ["type"] = "NFKC" };
                    break;
                default:
                    root["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581" };
                    break;
            }
        });

        var exception = Assert.Throws<WorkloadException>(() => HuggingFaceTokenizerLoader.Load(file.Path));

        Assert.Equal($"{file.Path}: {reason}; only byte-level BPE tokenizer.json files are (GPT-2, Llama 3, Qwen, gpt-oss style). Use o200k_base or cl100k_base for an approximate count.", exception.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_in_one_line()
    {
        using var file = TestFiles.Write("tokenizer.json", "{\"model\": ");

        var exception = Assert.Throws<WorkloadException>(() => TokenizerCatalog.Create(file.Path));

        Assert.StartsWith($"{file.Path}: not a tokenizer.json file (invalid JSON: ", exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void A_json_file_without_a_model_is_refused()
    {
        using var file = TestFiles.Write("tokenizer.json", "{\"version\": \"1.0\"}");

        var exception = Assert.Throws<WorkloadException>(() => HuggingFaceTokenizerLoader.Load(file.Path));

        Assert.Equal($"{file.Path}: not a tokenizer.json file (expected an object with a \"model\" field).", exception.Message);
    }

    private static TempFile WriteVariant(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestFiles.Data("tiny_tokenizer.json")))!.AsObject();
        change(root);
        return TestFiles.Write("tokenizer.json", root.ToJsonString());
    }
}
