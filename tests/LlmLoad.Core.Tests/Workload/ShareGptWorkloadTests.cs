using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

/// <summary>Uses TestData/sharegpt_small.json: 8 conversations with every role spelling, one without a reply, one empty, one long prompt.</summary>
public sealed class ShareGptWorkloadTests
{
    private static readonly string[] _shortPrompts =
    [
        "What is the capital of France?",
        "Name three primary colours.",
        "How many legs does a spider have?",
        "Is this prompt left without an answer?",
        "Tell me a short joke.",
        "Translate 'good morning' into Spanish.",
    ];

    private static string FixturePath => TestFiles.Data("sharegpt_small.json");

    [Fact]
    public void The_first_user_turn_is_the_prompt_whatever_the_role_spelling()
    {
        var options = Options("1:1000");

        var workload = WorkloadFactory.Build(options, 7);

        var prompts = workload.Items.Select(i => i.Prompt).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(7, prompts.Count);
        Assert.Equal(_shortPrompts.Order(StringComparer.Ordinal), prompts.Where(p => p.Length < 100));
        Assert.Single(prompts, p => p.StartsWith("Please read the following paragraph", StringComparison.Ordinal));
        Assert.Empty(workload.Warnings);
    }

    [Fact]
    public void Prompts_outside_the_input_token_range_are_dropped()
    {
        var workload = WorkloadFactory.Build(Options("1:20"), 6);

        Assert.Equal(_shortPrompts.Order(StringComparer.Ordinal), workload.Items.Select(i => i.Prompt).Order(StringComparer.Ordinal));
        Assert.All(workload.Items, item =>
        {
            Assert.Equal(workload.Tokenizer.CountTokens(item.Prompt), item.PromptTokens);
            Assert.Equal(100, item.MaxOutputTokens);
        });
    }

    [Fact]
    public void Dataset_output_lengths_are_the_first_reply_token_counts()
    {
        var tokenizer = TokenizerCatalog.Create("o200k_base");
        var replies = new Dictionary<string, string>
        {
            ["What is the capital of France?"] = "The capital of France is Paris.",
            ["Name three primary colours."] = "Red, yellow and blue are the traditional primary colours used in painting.",
            ["How many legs does a spider have?"] = "Eight.",
            ["Tell me a short joke."] = "Why did the scarecrow win an award? Because he was outstanding in his field.",
            ["Translate 'good morning' into Spanish."] = "Buenos d\u00edas.",
        };

        var workload = WorkloadFactory.Build(Options("1:20", "dataset"), 5);

        // The conversation without a reply cannot give an output length, so it is not eligible.
        Assert.Equal(replies.Keys.Order(StringComparer.Ordinal), workload.Items.Select(i => i.Prompt).Order(StringComparer.Ordinal));
        Assert.All(workload.Items, item => Assert.Equal(tokenizer.CountTokens(replies[item.Prompt]), item.MaxOutputTokens));
    }

    [Fact]
    public void Dataset_output_lengths_can_be_capped()
    {
        var uncapped = WorkloadFactory.Build(Options("1:20", "dataset"), 5).Items.ToDictionary(i => i.Prompt, i => i.MaxOutputTokens);

        var capped = WorkloadFactory.Build(Options("1:20", "dataset:5"), 5);

        Assert.All(capped.Items, item => Assert.Equal(Math.Min(5, uncapped[item.Prompt]), item.MaxOutputTokens));
        Assert.Contains(capped.Items, item => uncapped[item.Prompt] > 5);
        Assert.Contains(capped.Items, item => uncapped[item.Prompt] < 5);
    }

    [Fact]
    public void Too_few_matching_prompts_are_repeated_with_a_warning()
    {
        var path = FixturePath;

        var workload = WorkloadFactory.Build(Options("1:20"), 20);

        Assert.Equal(20, workload.Items.Count);
        Assert.All(Enumerable.Range(6, 14), i => Assert.Same(workload.Items[i - 6].Prompt, workload.Items[i].Prompt));
        Assert.Equal(
            $"{path}: only 6 of 8 conversations have a first user turn of 1 to 20 tokens by o200k_base; they are repeated to make 20 prompts.",
            Assert.Single(workload.Warnings));
    }

    [Fact]
    public void Sampling_is_seeded()
    {
        var options = Options("1:20");

        var first = WorkloadFactory.Build(options, 3).Items;
        var again = WorkloadFactory.Build(options, 3).Items;
        var orders = Enumerable.Range(0, 20)
            .Select(seed => string.Join("|", WorkloadFactory.Build(options with { Seed = seed }, 3).Items.Select(i => i.Prompt)))
            .Distinct()
            .Count();

        Assert.Equal(first, again);
        Assert.True(orders > 5, $"only {orders} different samples over 20 seeds");
    }

    [Fact]
    public void No_matching_prompt_is_an_error_that_suggests_widening_the_range()
    {
        var exception = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(Options("fixed:1000"), 10));

        Assert.Equal($"{FixturePath}: none of its 8 conversations has a first user turn of 1000 to 1000 tokens by o200k_base; widen --input-tokens.", exception.Message);
    }

    [Fact]
    public void The_description_says_how_many_conversations_matched()
    {
        var workload = WorkloadFactory.Build(Options("1:20", "dataset:50"), 4);

        Assert.Equal(
            $"ShareGPT {FixturePath}: 4 prompts from 5 of 8 conversations with a first user turn of 1 to 20 tokens, max_tokens dataset reply length, capped at 50, tokenizer o200k_base, seed 0",
            workload.Description);
    }

    [Fact]
    public void Counting_within_a_limit_agrees_with_a_full_count()
    {
        var tokenizer = TokenizerCatalog.Create("o200k_base");
        var text = PromptCorpus.Text;
        var random = new Random(1);

        for (var i = 0; i < 300; i++)
        {
            var start = random.Next(text.Length - 2_000);
            var slice = text.Substring(start, random.Next(1, 2_000));
            var limit = random.Next(1, 400);
            var full = tokenizer.CountTokens(slice);

            Assert.Equal(full <= limit ? full : null, ShareGptWorkloadSource.CountWithin(tokenizer, slice, limit));
        }
    }

    private static WorkloadOptions Options(string inputTokens, string outputTokens = "100") => new()
    {
        Dataset = "sharegpt:" + FixturePath,
        InputTokens = inputTokens,
        OutputTokens = outputTokens,
    };
}
