using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class SyntheticWorkloadTests
{
    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    [InlineData("o200k_harmony")]
    public void Prompts_count_exactly_the_drawn_number_of_tokens(string tokenizerName)
    {
        var options = new WorkloadOptions { InputTokens = "1:400", Tokenizer = tokenizerName, Seed = 1 };

        var workload = WorkloadFactory.Build(options, 300);

        Assert.Equal(300, workload.Items.Count);
        Assert.All(workload.Items, item =>
        {
            Assert.InRange(item.PromptTokens, 1, 400);
            Assert.Equal(item.PromptTokens, workload.Tokenizer.CountTokens(item.Prompt));
            Assert.Equal(100, item.MaxOutputTokens);
            Assert.Null(item.Messages);
        });
        Assert.True(workload.Items.Select(i => i.PromptTokens).Distinct().Count() > 200);
    }

    [Fact]
    public void Prompts_longer_than_the_corpus_wrap_around_and_stay_exact()
    {
        var corpusTokens = TokenizerCatalog.Create("o200k_base").CountTokens(PromptCorpus.Text);
        var options = new WorkloadOptions { InputTokens = $"fixed:{corpusTokens + 500}" };

        var workload = WorkloadFactory.Build(options, 3);

        Assert.All(workload.Items, item => Assert.Equal(corpusTokens + 500, workload.Tokenizer.CountTokens(item.Prompt)));
    }

    [Fact]
    public void A_hugging_face_tokenizer_gives_exact_lengths_too()
    {
        var options = new WorkloadOptions { InputTokens = "1:200", Tokenizer = TestFiles.Data("tiny_tokenizer.json") };

        var workload = WorkloadFactory.Build(options, 100);

        Assert.All(workload.Items, item => Assert.Equal(item.PromptTokens, workload.Tokenizer.CountTokens(item.Prompt)));
    }

    [Fact]
    public void Prompts_read_like_text_and_start_at_different_places()
    {
        // Prompts that begin alike would share a server's prefix cache; with 2,000 prompts from ~8,000
        // offsets, independent random picks would collide hundreds of times.
        var workload = WorkloadFactory.Build(new WorkloadOptions { InputTokens = "fixed:16" }, 2_000);

        Assert.Equal(2_000, workload.Items.Select(i => i.Prompt).Distinct().Count());
        Assert.Empty(workload.Warnings);
        Assert.All(workload.Items, item => Assert.Matches("[a-z]+ [a-z]+", item.Prompt));
    }

    [Fact]
    public void The_same_seed_gives_the_same_prompts_and_another_seed_does_not()
    {
        var options = new WorkloadOptions { InputTokens = "1:100", OutputTokens = "10:90", Seed = 5 };

        var first = WorkloadFactory.Build(options, 50).Items;
        var second = WorkloadFactory.Build(options, 50).Items;
        var other = WorkloadFactory.Build(options with { Seed = 6 }, 50).Items;

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(i => i.Prompt), other.Select(i => i.Prompt));
    }

    [Fact]
    public void Changing_the_output_lengths_leaves_the_prompts_unchanged()
    {
        var options = new WorkloadOptions { Seed = 3 };

        var fixedOutputs = WorkloadFactory.Build(options, 40).Items;
        var drawnOutputs = WorkloadFactory.Build(options with { OutputTokens = "normal:200:50" }, 40).Items;

        Assert.Equal(fixedOutputs.Select(i => i.Prompt), drawnOutputs.Select(i => i.Prompt));
        Assert.NotEqual(fixedOutputs.Select(i => i.MaxOutputTokens), drawnOutputs.Select(i => i.MaxOutputTokens));
    }

    [Fact]
    public void A_shared_prefix_starts_every_prompt_and_adds_to_the_drawn_length()
    {
        const int prefixTokens = 64;
        var options = new WorkloadOptions { InputTokens = "1:63", PrefixTokens = prefixTokens, Seed = 2 };
        var plain = WorkloadFactory.Build(options with { PrefixTokens = 0 }, 30);

        var workload = WorkloadFactory.Build(options, 30);

        var common = workload.Items.Select(i => i.Prompt).Aggregate(CommonPrefix);
        Assert.InRange(workload.Tokenizer.CountTokens(common), prefixTokens - 1, prefixTokens + 1);
        Assert.Equal(plain.Items.Select(i => i.PromptTokens + prefixTokens), workload.Items.Select(i => i.PromptTokens));
        Assert.All(workload.Items, item => Assert.Equal(item.PromptTokens, workload.Tokenizer.CountTokens(item.Prompt)));
    }

    [Fact]
    public void The_description_names_lengths_prefix_tokenizer_and_seed()
    {
        var options = new WorkloadOptions { InputTokens = "fixed:20", PrefixTokens = 8, Seed = 4 };

        var workload = WorkloadFactory.Build(options, 1);

        Assert.Equal("synthetic prompts of fixed 20 tokens after a shared 8-token prefix, max_tokens fixed 100, tokenizer o200k_base, seed 4", workload.Description);
        Assert.Empty(workload.Warnings);
    }

    [Fact]
    public void More_prompts_than_corpus_start_points_are_flagged()
    {
        var starts = TokenizerCatalog.Create("o200k_base").CountTokens(PromptCorpus.Text);

        var workload = WorkloadFactory.Build(new WorkloadOptions { InputTokens = "fixed:1" }, starts + 1);

        Assert.Equal(
            $"synthetic: {starts + 1} prompts but the corpus has only {starts} distinct start points with o200k_base; later prompts repeat the beginnings of earlier ones, so a server's prefix cache can hit.",
            Assert.Single(workload.Warnings));
    }

    [Fact]
    public void Zero_items_is_an_empty_workload()
    {
        Assert.Empty(WorkloadFactory.Build(new WorkloadOptions(), 0).Items);
    }

    private static string CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return a[..n];
    }
}
