using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class WorkloadOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new WorkloadOptions().Validate());
    }

    [Theory]
    [InlineData("sharegpt:ShareGPT_V3.json")]
    [InlineData("jsonl:/data/prompts.jsonl")]
    [InlineData("SYNTHETIC")]
    public void Dataset_values_with_a_path_are_valid_without_reading_the_file(string dataset)
    {
        var options = new WorkloadOptions { Dataset = dataset };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_line_each()
    {
        var options = new WorkloadOptions
        {
            Dataset = "hf:foo",
            InputTokens = "abc",
            OutputTokens = "0",
            PrefixTokens = -1,
            Tokenizer = "gpt2",
        };

        var problems = options.Validate().Select(problem => problem.ToString()).ToList();

        Assert.Equal(
            [
                "dataset \"hf:foo\" must be synthetic, sharegpt:PATH or jsonl:PATH.",
                "input_tokens \"abc\" must be MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (token counts, e.g. 1:63 or normal:500:100).",
                "output_tokens \"0\" must be at least 1 and at most 10000000 tokens.",
                "prefix_tokens \"-1\" must be from 0 to 10000000.",
                "tokenizer \"gpt2\" is not a known tokenizer; expected o200k_base, o200k_harmony, cl100k_base or the path of a Hugging Face tokenizer.json.",
            ],
            problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Theory]
    [InlineData("sharegpt:", "dataset \"sharegpt:\" needs a file path after \"sharegpt:\" (e.g. sharegpt:ShareGPT_V3_unfiltered_cleaned_split.json).")]
    [InlineData("jsonl", "dataset \"jsonl\" needs a file path after \"jsonl:\" (e.g. jsonl:prompts.jsonl).")]
    public void A_dataset_file_kind_needs_a_path(string dataset, string message)
    {
        Assert.Equal([message], new WorkloadOptions { Dataset = dataset }.Validate().Select(problem => problem.ToString()));
    }

    [Fact]
    public void ShareGpt_needs_a_range_of_input_tokens_to_filter_by()
    {
        var options = new WorkloadOptions { Dataset = "sharegpt:data.json", InputTokens = "normal:100:10" };

        Assert.Equal(
            ["input_tokens \"normal:100:10\" cannot filter a ShareGPT dataset; expected MIN:MAX or fixed:N (conversations are kept when their prompt length is in range)."],
            options.Validate().Select(problem => problem.ToString()));
    }

    [Fact]
    public void Synthetic_prompts_have_no_dataset_output_lengths()
    {
        var options = new WorkloadOptions { OutputTokens = "dataset" };

        Assert.Equal(
            ["output_tokens \"dataset\" needs a dataset with reference replies (sharegpt:PATH or jsonl:PATH); dataset synthetic has none. Use a number such as 100 instead."],
            options.Validate().Select(problem => problem.ToString()));
    }

    [Fact]
    public void A_shared_prefix_applies_only_to_synthetic_prompts()
    {
        var options = new WorkloadOptions { Dataset = "jsonl:p.jsonl", PrefixTokens = 16 };

        Assert.Equal(["prefix_tokens \"16\" applies only to dataset synthetic; remove it or use 0."], options.Validate().Select(problem => problem.ToString()));
    }

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("o200k_harmony")]
    [InlineData("cl100k_base")]
    [InlineData("/models/qwen/tokenizer.json")]
    [InlineData("tokenizer.json")]
    [InlineData("models/gpt-oss")]
    public void Tokenizer_names_and_paths_pass_validation_without_io(string tokenizer)
    {
        Assert.Empty(new WorkloadOptions { Tokenizer = tokenizer }.Validate());
    }

    [Fact]
    public void Build_refuses_invalid_options_with_all_problems_in_one_line()
    {
        var options = new WorkloadOptions { InputTokens = "5:1", OutputTokens = "x" };

        var exception = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(options, 1));

        Assert.Equal(string.Join(" ", options.Validate()), exception.Message);
        Assert.StartsWith("input_tokens \"5:1\"", exception.Message);
    }
}
