using System.Text;
using System.Text.Json;
using LlmLoad.Core.Recording;

using LlmLoad.Core.Reporting;
namespace LlmLoad.Core.Tests.Recording;

public sealed class RepeatedCountsTests
{
    [Fact]
    public void It_reads_as_the_array_it_stands_for_and_is_written_as_one()
    {
        // given
        var counts = new RepeatedCounts(3, 1);
        var record = new RequestRecord
        {
            RunId = "r", Index = 0, ScheduledAtMs = 0, SentAtMs = 0, SentAtUnixMs = 0, Outcome = RequestOutcome.Ok, PromptTokens = 1,
            ChunkAtMs = [1, 2, 3], ChunkTokens = counts,
        };

        // when
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RecordJson.Write(writer, record);
        }
        var json = Encoding.UTF8.GetString(buffer.ToArray());
        var readBack = RecordJson.Read(buffer.ToArray())!;

        // then
        Assert.Equal([1, 1, 1], counts);
        Assert.Equal(1, counts[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => counts[3]);
        Assert.Contains("\"chunk_tokens\":[1,1,1]", json, StringComparison.Ordinal);
        Assert.Equal([1, 1, 1], readBack.ChunkTokens);
    }
}
