using LlmLoad.Core.Workload;
using Microsoft.ML.Tokenizers;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class TokenizerCatalogTests
{
    [Fact]
    public void Names_lists_the_built_in_tokenizers()
    {
        Assert.Equal(["o200k_base", "o200k_harmony", "cl100k_base"], TokenizerCatalog.Names);
    }

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("o200k_harmony")]
    [InlineData("cl100k_base")]
    public void Each_name_is_created_once_and_shared(string name)
    {
        var first = TokenizerCatalog.Create(name);
        var second = TokenizerCatalog.Create(name);

        Assert.Same(first, second);
    }

    [Fact]
    public void Known_ids_come_out_of_the_tiktoken_encodings()
    {
        // Reference ids from OpenAI's tiktoken: "hello world" is [24912, 2375] in o200k_base, [15339, 1917] in cl100k_base.
        var o200k = TokenizerCatalog.Create("o200k_base");
        var cl100k = TokenizerCatalog.Create("cl100k_base");

        Assert.Equal([24912, 2375], o200k.EncodeToIds("hello world"));
        Assert.Equal([15339, 1917], cl100k.EncodeToIds("hello world"));
    }

    [Theory]
    [InlineData("<|start|>", 200006)]
    [InlineData("<|channel|>", 200005)]
    [InlineData("<|message|>", 200008)]
    [InlineData("<|end|>", 200007)]
    [InlineData("<|return|>", 200002)]
    [InlineData("<|constrain|>", 200003)]
    [InlineData("<|call|>", 200012)]
    [InlineData("<|startoftext|>", 199998)]
    [InlineData("<|endoftext|>", 199999)]
    [InlineData("<|endofprompt|>", 200018)]
    [InlineData("<|reserved_200013|>", 200013)]
    [InlineData("<|reserved_201087|>", 201087)]
    public void Harmony_special_tokens_have_the_gpt_oss_ids(string token, int id)
    {
        var harmony = TokenizerCatalog.Create("o200k_harmony");

        Assert.Equal([id], harmony.EncodeToIds(token));
        Assert.Equal(token, harmony.Decode([id]));
    }

    [Fact]
    public void A_harmony_chat_string_encodes_control_tokens_as_single_ids()
    {
        var harmony = TokenizerCatalog.Create("o200k_harmony");
        var o200k = TokenizerCatalog.Create("o200k_base");

        var ids = harmony.EncodeToIds("<|start|>user<|message|>What is 2+2?<|end|><|start|>assistant");

        Assert.Equal(200006, ids[0]);
        Assert.Equal(200008, ids[2]);
        Assert.Contains(200007, ids);
        Assert.True(o200k.CountTokens("<|start|>") > 1); // plain o200k_base sees only text
        Assert.Equal(o200k.EncodeToIds("What is 2+2?"), harmony.EncodeToIds("What is 2+2?"));
    }

    [Fact]
    public void Harmony_adds_the_control_and_reserved_tokens_and_nothing_twice()
    {
        var tokens = TokenizerCatalog.HarmonySpecialTokens;

        Assert.Equal(15 + (201088 - 200013), tokens.Count);
        Assert.Equal(tokens.Count, tokens.Values.Distinct().Count());
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_choices()
    {
        var exception = Assert.Throws<WorkloadException>(() => TokenizerCatalog.Create("o200k"));

        Assert.Equal("tokenizer \"o200k\" is not a known tokenizer; expected o200k_base, o200k_harmony, cl100k_base or the path of a Hugging Face tokenizer.json.", exception.Message);
    }

    [Fact]
    public void A_missing_tokenizer_file_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), "llmload-no-such-dir", "tokenizer.json");

        var exception = Assert.Throws<WorkloadException>(() => TokenizerCatalog.Create(path));

        Assert.Equal($"--tokenizer \"{path}\": file not found; expected o200k_base, o200k_harmony, cl100k_base or the path of a Hugging Face tokenizer.json.", exception.Message);
    }

    [Fact]
    public void A_tokenizer_json_path_loads_through_the_catalog_and_is_cached()
    {
        var path = TestFiles.Data("tiny_tokenizer.json");

        var first = TokenizerCatalog.Create(path);
        var second = TokenizerCatalog.Create(path);

        Assert.IsType<BpeTokenizer>(first);
        Assert.Same(first, second);
    }
}
