using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using LlmLoad.Simulator.Http;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>
/// One engine chunk is one text event in one flush, whichever API the stream speaks: the opening and closing events of the
/// Responses and Messages APIs ride along with a flush and never add or split one. This is what lets a client measure the
/// same TTFT, TPOT and ITL over the three APIs; ITL differs only where the tokens per event differ.
/// </summary>
public sealed class SseWriterTests
{
    /// <summary>Engine chunks as the response writer hands them over; the second is two tokens coalesced into one event.</summary>
    private static readonly string[] Chunks = [" one", " two three", " four"];

    /// <summary>Writes the chunks and the end, and returns each flush's text-carrying events' texts.</summary>
    private static async Task<List<List<string>>> TextEventsPerFlushAsync(CompletionKind kind)
    {
        var pipe = new Pipe();
        var header = ResponseHeader.Create(kind, "test-model", new Random(1));
        var writer = new SseWriter(pipe.Writer, header, promptTokens: 7);
        var flushes = new List<List<string>>();
        for (var i = 0; i < Chunks.Length; i++)
        {
            await writer.WriteTokensAsync(Chunks[i], i == Chunks.Length - 1 ? "length" : null, TestContext.Current.CancellationToken);
            flushes.Add(await ReadFlushAsync(pipe.Reader));
        }

        await writer.WriteEndAsync("length", completionTokens: 4, includeUsage: true, TestContext.Current.CancellationToken);
        flushes.Add(await ReadFlushAsync(pipe.Reader));
        return flushes;
    }

    /// <summary>The texts of the text-carrying events in what one flush wrote.</summary>
    private static async Task<List<string>> ReadFlushAsync(PipeReader reader)
    {
        var result = await reader.ReadAsync(TestContext.Current.CancellationToken);
        var written = Encoding.UTF8.GetString(result.Buffer.ToArray());
        reader.AdvanceTo(result.Buffer.End);
        return written.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n').Single(line => line.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..])
            .Where(data => data != "[DONE]")
            .Select(data => TextOf(JsonDocument.Parse(data).RootElement))
            .OfType<string>()
            .ToList();
    }

    /// <summary>The event's streamed text, as each API carries it; null for an event without text.</summary>
    private static string? TextOf(JsonElement data) =>
        data.TryGetProperty("choices", out var choices) ? (choices.GetArrayLength() == 0 ? null : choices[0].GetProperty("delta").GetProperty("content").GetString())
        : data.GetProperty("type").GetString() switch
        {
            "response.output_text.delta" => data.GetProperty("delta").GetString(),
            "content_block_delta" => data.GetProperty("delta").GetProperty("text").GetString(),
            _ => null,
        };

    // by name: CompletionKind is internal, and a public test method cannot take it
    [Theory]
    [InlineData(nameof(CompletionKind.Responses))]
    [InlineData(nameof(CompletionKind.Messages))]
    public async Task Each_chunk_is_one_text_event_in_one_flush_as_for_chat(string api)
    {
        var chat = await TextEventsPerFlushAsync(CompletionKind.Chat);

        var typed = await TextEventsPerFlushAsync(Enum.Parse<CompletionKind>(api));

        List<List<string>> expected = [[" one"], [" two three"], [" four"], []];
        Assert.Equal(expected, chat);
        Assert.Equal(expected, typed);
    }
}
