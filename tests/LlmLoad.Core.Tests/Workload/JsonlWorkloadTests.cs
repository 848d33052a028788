using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

/// <summary>Uses TestData/prompts.jsonl: two prompt lines, a blank line, one chat line; each with output_tokens.</summary>
public sealed class JsonlWorkloadTests
{
    private static string FixturePath => TestFiles.Data("prompts.jsonl");

    [Fact]
    public void Prompt_and_chat_lines_become_items_in_file_order()
    {
        var workload = WorkloadFactory.Build(Options("dataset"), 3);
        var tokenizer = workload.Tokenizer;

        Assert.Equal(
            ["Write a haiku about the sea.", "List the planets of the solar system in order.", "You answer briefly.\n\nWhat is two plus two?"],
            workload.Items.Select(i => i.Prompt));
        Assert.Equal([40, 120, 5], workload.Items.Select(i => i.MaxOutputTokens));
        Assert.Null(workload.Items[0].Messages);
        Assert.Equal([new ChatMessage("system", "You answer briefly."), new ChatMessage("user", "What is two plus two?")], workload.Items[2].Messages);
        Assert.Equal(tokenizer.CountTokens("Write a haiku about the sea."), workload.Items[0].PromptTokens);
        Assert.Equal(tokenizer.CountTokens("You answer briefly.") + tokenizer.CountTokens("What is two plus two?"), workload.Items[2].PromptTokens);
        Assert.Empty(workload.Warnings);
    }

    [Fact]
    public void A_fixed_output_length_overrides_the_file()
    {
        var workload = WorkloadFactory.Build(Options("64"), 3);

        Assert.All(workload.Items, item => Assert.Equal(64, item.MaxOutputTokens));
    }

    [Fact]
    public void More_items_than_lines_repeat_the_file_with_a_warning()
    {
        var workload = WorkloadFactory.Build(Options("dataset"), 7);

        Assert.Equal([40, 120, 5, 40, 120, 5, 40], workload.Items.Select(i => i.MaxOutputTokens));
        Assert.Equal($"{FixturePath}: 3 prompts are repeated in file order to make 7 prompts.", Assert.Single(workload.Warnings));
    }

    [Fact]
    public void Input_token_ranges_do_not_filter_a_jsonl_file_and_say_so()
    {
        var workload = WorkloadFactory.Build(Options("dataset") with { InputTokens = "1:2" }, 3);

        Assert.Equal(3, workload.Items.Count);
        Assert.Equal("--input-tokens uniform 1..2 is ignored for a jsonl dataset; its prompts are sent as they are.", Assert.Single(workload.Warnings));
    }

    [Theory]
    [InlineData("{\"prompt\": \"ok\"}\n\n{\"text\": \"x\"}\n", "line 3: expected an object with a \"prompt\" or \"messages\" field.")]
    [InlineData("[1, 2]\n", "line 1: expected an object with a \"prompt\" or \"messages\" field.")]
    [InlineData("{\"prompt\": 7}\n", "line 1: \"prompt\" must be a string.")]
    [InlineData("{\"prompt\": \"a\", \"messages\": []}\n", "line 1: has both \"prompt\" and \"messages\"; expected one of them.")]
    [InlineData("{\"messages\": []}\n", "line 1: \"messages\" must be a non-empty array of {\"role\": \"...\", \"content\": \"...\"} objects with string values.")]
    [InlineData("{\"messages\": [{\"role\": \"user\"}]}\n", "line 1: \"messages\" must be a non-empty array of {\"role\": \"...\", \"content\": \"...\"} objects with string values.")]
    [InlineData("{\"prompt\": \"a\", \"output_tokens\": -1}\n", "line 1: \"output_tokens\" must be a whole number of at least 0, not -1.")]
    [InlineData("{\"prompt\": \"a\", \"output_tokens\": \"ten\"}\n", "line 1: \"output_tokens\" must be a whole number of at least 0, not \"ten\".")]
    public void A_bad_line_is_reported_by_its_number(string content, string messageAfterPath)
    {
        using var file = TestFiles.Write("data.jsonl", content);

        var exception = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(new WorkloadOptions { Dataset = "jsonl:" + file.Path }, 1));

        Assert.Equal($"{file.Path} {messageAfterPath}", exception.Message);
    }

    [Fact]
    public void Invalid_json_on_a_line_is_reported_by_its_number()
    {
        using var file = TestFiles.Write("data.jsonl", "{\"prompt\": \"ok\"}\r\n{\"prompt\": \"unterminated}\r\n");

        var exception = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(new WorkloadOptions { Dataset = "jsonl:" + file.Path }, 1));

        Assert.StartsWith($"{file.Path} line 2: invalid JSON (", exception.Message);
        Assert.EndsWith("); expected an object with a \"prompt\" or \"messages\" field.", exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void Dataset_output_lengths_need_output_tokens_on_every_line()
    {
        using var file = TestFiles.Write("data.jsonl", "{\"prompt\": \"a\", \"output_tokens\": 3}\n{\"prompt\": \"b\"}\n");

        var exception = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(new WorkloadOptions { Dataset = "jsonl:" + file.Path, OutputTokens = "dataset" }, 1));

        Assert.Equal($"{file.Path} line 2: --output-tokens dataset needs an \"output_tokens\" field on every line.", exception.Message);
    }

    [Fact]
    public void A_file_with_only_blank_lines_has_no_prompts()
    {
        using var file = TestFiles.Write("data.jsonl", "\n  \n");

        var exception = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(new WorkloadOptions { Dataset = "jsonl:" + file.Path }, 1));

        Assert.Equal($"{file.Path}: no prompts found; expected one JSON object per line with a \"prompt\" or \"messages\" field.", exception.Message);
    }

    private static WorkloadOptions Options(string outputTokens) => new()
    {
        Dataset = "jsonl:" + FixturePath,
        OutputTokens = outputTokens,
    };
}
