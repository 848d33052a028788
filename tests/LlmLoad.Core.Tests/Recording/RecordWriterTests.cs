using LlmLoad.Core.Recording;

using LlmLoad.Core.Reporting;
namespace LlmLoad.Core.Tests.Recording;

public sealed class RecordWriterTests
{
    private static RequestRecord Record(int index, RequestOutcome outcome = RequestOutcome.Ok) => new()
    {
        RunId = "run-1",
        Index = index,
        ScheduledAtMs = index,
        SentAtMs = index + 0.5,
        SentAtUnixMs = 1_700_000_000_000.25 + index,
        FirstTokenAtMs = index + 10,
        LastTokenAtMs = index + 30,
        DoneAtMs = index + 31,
        ChunkAtMs = [index + 10, index + 20, index + 30],
        ChunkTokens = [1, 1, 2],
        Outcome = outcome,
        HttpStatus = outcome == RequestOutcome.Ok ? 200 : 503,
        PromptTokens = 12,
        OutputTokens = 4,
        OutputTokensSource = "usage",
        UsageOutputTokens = 4,
        FinishReason = "length",
    };

    [Fact]
    public async Task Every_record_added_is_one_line_that_reads_back_equal()
    {
        // given
        var path = Path.Combine(Path.GetTempPath(), $"llmload-{Guid.NewGuid():N}.jsonl");
        try
        {
            // when
            await using (var writer = new RecordWriter(path))
            {
                for (var i = 0; i < 100; i++)
                {
                    writer.Add(Record(i, i % 10 == 0 ? RequestOutcome.HttpStatus : RequestOutcome.Ok));
                }
            }
            var result = RecordReader.ReadFile(path);

            // then
            Assert.Equal(100, File.ReadAllLines(path).Length);
            Assert.Empty(result.Warnings);
            Assert.Equal(100, result.Records.Count);
            var first = result.Records[0];
            Assert.Equal(RequestOutcome.HttpStatus, first.Outcome);
            Assert.Equal(Record(0, RequestOutcome.HttpStatus).ChunkAtMs, first.ChunkAtMs);
            Assert.Equal(1_700_000_000_000.25, first.SentAtUnixMs);
            Assert.Contains("\"outcome\":\"http_status\"", File.ReadLines(path).First());
            Assert.Contains("\"sent_at_unix_ms\":", File.ReadLines(path).First());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_torn_last_line_is_skipped_with_a_warning_naming_the_line()
    {
        // given a file whose last record was cut by a kill
        var path = Path.Combine(Path.GetTempPath(), $"llmload-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, "{\"run_id\":\"r\",\"index\":0,\"scheduled_at_ms\":0,\"sent_at_ms\":0,\"sent_at_unix_ms\":0,\"outcome\":\"ok\",\"prompt_tokens\":1}\n{\"run_id\":\"r\",\"ind");
        try
        {
            // when
            var result = RecordReader.ReadFile(path);

            // then
            Assert.Single(result.Records);
            Assert.Equal($"{path} line 2: ignored an incomplete last record", result.Warnings.Single()[..(path.Length + 42)]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
