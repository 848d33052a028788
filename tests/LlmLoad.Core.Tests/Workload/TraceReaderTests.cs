using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class TraceReaderTests
{
    [Fact]
    public void A_mooncake_line_gives_its_time_lengths_and_hash_ids()
    {
        using var file = TestFiles.Write("m.jsonl", "{\"timestamp\": 0, \"input_length\": 700, \"output_length\": 20, \"hash_ids\": [0, 1]}\n\n{\"timestamp\": 27.5, \"input_length\": 10, \"output_length\": 3}\n");

        var requests = MooncakeTraceReader.Read(file.Path);

        Assert.Equal((1, 0.0, 700, 20), (requests[0].LineNumber, requests[0].TimestampMs, requests[0].InputTokens, requests[0].OutputTokens));
        Assert.Equal([0, 1], requests[0].HashIds!);
        Assert.Equal((3, 27.5, 10, 3), (requests[1].LineNumber, requests[1].TimestampMs, requests[1].InputTokens, requests[1].OutputTokens));
        Assert.Null(requests[1].HashIds);
    }

    [Theory]
    [InlineData("{\"timestamp\": 0, \"output_length\": 3}", "line 2: missing \"input_length\"")]
    [InlineData("{\"input_length\": 5, \"output_length\": 3}", "line 2: missing \"timestamp\"")]
    [InlineData("{\"timestamp\": 0, \"input_length\": -1, \"output_length\": 3}", "line 2: \"input_length\" must be a whole number of tokens (0 or more), not -1.")]
    [InlineData("{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 3, \"hash_ids\": [\"a\"]}", "line 2: \"hash_ids\" must be an array")]
    [InlineData("{\"timestamp\": 0,", "line 2: invalid JSON")]
    public void A_bad_mooncake_line_is_named_with_the_file_and_line(string line, string expected)
    {
        using var file = TestFiles.Write("m.jsonl", "{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 3}\n" + line + "\n");

        var error = Assert.Throws<WorkloadException>(() => MooncakeTraceReader.Read(file.Path));

        Assert.StartsWith($"{file.Path} {expected}", error.Message);
    }

    [Fact]
    public void Azure_timestamps_of_both_releases_become_ms_from_the_first_line()
    {
        // 2023: 100 ns digits, no offset (UTC); 2024: microseconds with +00:00
        using var file = TestFiles.Write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:15:46.6805900,4808,10\n2023-11-16 18:15:46.6806155,3180,8\n2023-11-16 18:15:50.0000000,0,0\n");
        using var file2024 = TestFiles.Write("b.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2024-05-10 00:00:00.009930+00:00,374,44\n2024-05-10 01:00:00.010930+01:00,396,109\n");

        var requests = AzureTraceReader.Read(file.Path);
        var requests2024 = AzureTraceReader.Read(file2024.Path);

        Assert.Equal([0, 0.0255, 3319.41], requests.Select(r => r.TimestampMs));
        Assert.Equal([4808, 3180, 0], requests.Select(r => r.InputTokens));
        Assert.Equal([10, 8, 0], requests.Select(r => r.OutputTokens));
        Assert.Equal([2, 3, 4], requests.Select(r => r.LineNumber));
        Assert.Equal([0, 1.0], requests2024.Select(r => r.TimestampMs));
    }

    [Theory]
    [InlineData("time,in,out\n", "line 1: expected the header TIMESTAMP,ContextTokens,GeneratedTokens")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,5,5\n", "line 2: TIMESTAMP \"yesterday\" is not a date and time")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5\n", "line 2: 2 fields, expected 3")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5,many\n", "line 2: GeneratedTokens \"many\" must be a whole number")]
    public void A_bad_azure_line_is_named_with_the_file_and_line(string content, string expected)
    {
        using var file = TestFiles.Write("a.csv", content);

        var error = Assert.Throws<WorkloadException>(() => AzureTraceReader.Read(file.Path));

        Assert.StartsWith($"{file.Path} {expected}", error.Message);
    }
}
