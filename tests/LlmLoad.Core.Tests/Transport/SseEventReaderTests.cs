using System.Net.ServerSentEvents;
using System.Text;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Transport;

public sealed class SseEventReaderTests
{
    [Theory]
    [InlineData("data: a\n\ndata: b\n\n", new[] { "a", "b" })]
    [InlineData("data: a\r\n\r\ndata: b\r\r", new[] { "a", "b" })]
    [InlineData("\uFEFFdata: first\n\n", new[] { "first" })]
    [InlineData(": keep-alive comment\nevent: delta\nid: 7\nretry: 10\ndata: x\n\n", new[] { "x" })]
    [InlineData("data: line one\ndata:line two\ndata\n\n", new[] { "line one\nline two\n" })]
    [InlineData("event: ping\n\ndata: after\n\n", new[] { "after" })]
    [InlineData("data: \n\n", new[] { "" })]
    [InlineData("data: kept\n\ndata: unfinished at the end\n", new[] { "kept" })]
    [InlineData("datafoo: not data\n\ndata:  two spaces\n\n", new[] { " two spaces" })]
    public async Task Events_are_read_as_the_event_stream_rules_say(string stream, string[] expected)
    {
        Assert.Equal(expected, await ReadAllAsync(Encoding.UTF8.GetBytes(stream), readSize: 4096));
    }

    [Fact]
    public async Task Random_streams_split_at_random_give_the_same_events_as_SseParser()
    {
        // given streams built from every line shape the rules distinguish, read in random pieces
        var random = new Random(20261128);
        string[] lines = ["data: {\"x\":1}", "data:{\"y\":2}", "data", "data: ", ": comment", "event: e", "id: 3", "retry: 5", "", "", "", "other: v", "data: ü€ multi-byte"];
        string[] ends = ["\n", "\r\n", "\r"];
        for (var trial = 0; trial < 2000; trial++)
        {
            var text = new StringBuilder(random.Next(2) == 0 ? "\uFEFF" : "");
            for (var i = random.Next(1, 20); i > 0; i--)
            {
                text.Append(lines[random.Next(lines.Length)]).Append(ends[random.Next(ends.Length)]);
            }
            var bytes = Encoding.UTF8.GetBytes(text.ToString());

            // when both read it
            var expected = await ReadWithSseParserAsync(bytes);
            var actual = await ReadAllAsync(bytes, readSize: random.Next(1, 8));

            // then they agree event for event
            Assert.True(expected.SequenceEqual(actual), $"stream {Escape(text.ToString())}: SseParser [{string.Join("|", expected.Select(Escape))}], reader [{string.Join("|", actual.Select(Escape))}]");
        }
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_fails_without_buffering_the_rest()
    {
        var stream = new PiecewiseStream(Encoding.ASCII.GetBytes("data: " + new string('x', 5000)), 100);
        using var reader = new SseEventReader(stream, maxLineBytes: 1000);

        await Assert.ThrowsAsync<SseLineTooLongException>(() => reader.ReadNextAsync(TestContext.Current.CancellationToken).AsTask());
        Assert.InRange(stream.Position, 1000, 2100);
    }

    [Fact]
    public async Task An_event_of_many_short_lines_longer_than_the_limit_fails()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("data: 0123456789\n", 200))));
        using var reader = new SseEventReader(stream, maxLineBytes: 1000);

        await Assert.ThrowsAsync<SseLineTooLongException>(() => reader.ReadNextAsync(TestContext.Current.CancellationToken).AsTask());
    }

    private static async Task<List<string>> ReadAllAsync(byte[] bytes, int readSize)
    {
        using var reader = new SseEventReader(new PiecewiseStream(bytes, readSize), maxLineBytes: 1 << 20);
        var events = new List<string>();
        while (await reader.ReadNextAsync(TestContext.Current.CancellationToken))
        {
            events.Add(Encoding.UTF8.GetString(reader.Data));
        }
        return events;
    }

    private static async Task<List<string>> ReadWithSseParserAsync(byte[] bytes)
    {
        var events = new List<string>();
        await foreach (var item in SseParser.Create(new MemoryStream(bytes), (_, data) => Encoding.UTF8.GetString(data)).EnumerateAsync(TestContext.Current.CancellationToken))
        {
            events.Add(item.Data);
        }
        return events;
    }

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>Hands out at most a few bytes per read, asynchronously, as a socket does when events trickle in.</summary>
    private sealed class PiecewiseStream(byte[] bytes, int readSize) : MemoryStream(bytes, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Read(buffer.Span[..Math.Min(buffer.Length, readSize)]);
        }
    }
}
