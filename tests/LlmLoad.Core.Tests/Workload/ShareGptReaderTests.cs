using System.Text;
using System.Text.Json;
using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class ShareGptReaderTests
{
    [Fact]
    public void Conversations_come_out_in_file_order_with_prompt_and_first_reply()
    {
        var conversations = ShareGptReader.Read(TestFiles.Data("sharegpt_small.json")).ToList();

        Assert.Equal(Enumerable.Range(0, 8), conversations.Select(c => c.Index));
        Assert.Equal(new ShareGptConversation(2, "How many legs does a spider have?", "Eight."), conversations[2]);
        Assert.Equal(new ShareGptConversation(3, "Is this prompt left without an answer?", null), conversations[3]);
        Assert.Equal(new ShareGptConversation(4, "Tell me a short joke.", "Why did the scarecrow win an award? Because he was outstanding in his field."), conversations[4]);
        Assert.Equal(new ShareGptConversation(6, null, null), conversations[6]);
        Assert.Equal("Buenos d\u00edas.", conversations[7].Reply);
    }

    [Fact]
    public void Elements_larger_than_the_read_buffer_and_many_small_ones_are_read_whole()
    {
        // 64 KB is the first buffer: a 300 KB prompt forces it to grow, 3,000 small elements force many refills.
        var big = new string('x', 300_000) + " \u00e9\u65e5\U0001F600";
        var elements = new List<object> { Conversation(big, "ok") };
        elements.AddRange(Enumerable.Range(1, 3_000).Select(i => Conversation($"prompt {i}", $"reply {i}")));
        using var file = TestFiles.Write("data.json", JsonSerializer.Serialize(elements, new JsonSerializerOptions { WriteIndented = true }));

        var conversations = ShareGptReader.Read(file.Path).ToList();

        Assert.Equal(3_001, conversations.Count);
        Assert.Equal(big, conversations[0].Prompt);
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => $"prompt {i}"), conversations.Skip(1).Select(c => c.Prompt));
        Assert.Equal("reply 3000", conversations[^1].Reply);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        var json = "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"}]}]";
        using var file = TestFiles.Write("data.json", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)]);

        var conversation = Assert.Single(ShareGptReader.Read(file.Path));

        Assert.Equal("hi", conversation.Prompt);
    }

    [Theory]
    [InlineData("[{\"conversations\": []}, {\"conversations\": \"oops\"}]", "element 1: expected an object with a \"conversations\" array.")]
    [InlineData("[{\"conversations\": []}, 42]", "element 1: expected an object with a \"conversations\" array.")]
    [InlineData("[{\"id\": \"a\"}]", "element 0: expected an object with a \"conversations\" array.")]
    [InlineData("[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"}, {\"from\": \"gpt\"}]}]", "element 0 turn 1: expected an object with \"from\" and \"value\" strings.")]
    [InlineData("[{\"conversations\": [{\"from\": \"human\", \"value\": 5}]}]", "element 0 turn 0: expected an object with \"from\" and \"value\" strings.")]
    [InlineData("{\"conversations\": []}", ": expected a JSON array of ShareGPT conversations, found an object.")]
    [InlineData("", ": the file is empty; expected a JSON array of ShareGPT conversations.")]
    public void A_malformed_file_is_reported_with_the_element_index(string json, string messageAfterPath)
    {
        using var file = TestFiles.Write("data.json", json);

        var exception = Assert.Throws<WorkloadException>(() => ShareGptReader.Read(file.Path).ToList());

        Assert.Equal(file.Path + (messageAfterPath.StartsWith(':') ? "" : " ") + messageAfterPath, exception.Message);
    }

    [Fact]
    public void An_element_index_counts_from_zero_across_buffer_refills()
    {
        var good = string.Join(",\n", Enumerable.Range(0, 5_000).Select(i => $"{{\"conversations\": [{{\"from\": \"human\", \"value\": \"prompt {i}\"}}]}}"));
        using var file = TestFiles.Write("data.json", $"[{good},\n{{\"conversations\": null}}]");

        var exception = Assert.Throws<WorkloadException>(() => ShareGptReader.Read(file.Path).ToList());

        Assert.Equal($"{file.Path} element 5000: expected an object with a \"conversations\" array.", exception.Message);
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line_and_byte_offset()
    {
        var json = "[\n{\"conversations\": []},\n{\"conversations\": [}\n]";
        using var file = TestFiles.Write("data.json", json);

        var exception = Assert.Throws<WorkloadException>(() => ShareGptReader.Read(file.Path).ToList());

        // The third line starts at byte 25; the reader stops after the last good token before the '}' at byte 44.
        Assert.StartsWith($"{file.Path}: invalid JSON at line 3, near byte 44: ", exception.Message);
        Assert.DoesNotContain("LineNumber", exception.Message);
    }

    [Fact]
    public void A_file_cut_short_is_invalid_json()
    {
        using var file = TestFiles.Write("data.json", "[{\"conversations\": []}, {\"conversations\": [");

        var exception = Assert.Throws<WorkloadException>(() => ShareGptReader.Read(file.Path).ToList());

        Assert.StartsWith($"{file.Path}: invalid JSON", exception.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), "llmload-missing", "ShareGPT.json");

        var exception = Assert.Throws<WorkloadException>(() => ShareGptReader.Read(path).ToList());

        Assert.Equal($"{path}: file not found.", exception.Message);
    }

    private static object Conversation(string prompt, string reply) => new
    {
        id = "x",
        conversations = new[] { new { from = "human", value = prompt }, new { from = "gpt", value = reply } },
    };
}
