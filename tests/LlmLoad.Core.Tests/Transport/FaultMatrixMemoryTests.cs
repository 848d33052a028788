using System.Text;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using LlmLoad.Tests.Common;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>
/// The two faults that could exhaust memory: a line that never ends and a stream that never ends.
/// Run alone (the timing-sensitive collection) so that other tests' allocations do not count.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultMatrixMemoryTests
{
    private const long MiB = 1024 * 1024;

    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private static async Task<RequestRecord> ExecuteAsync(EndpointOptions endpoint)
    {
        using var client = LoadHttpClientFactory.Create(endpoint, 1);
        var clock = new RunClock(TimeProvider.System);
        var executor = new RequestExecutor(client, endpoint, clock, O200k, "fault-memory");
        var request = new PreparedRequest(0, false, "{}"u8.ToArray(), PromptTokens: 3, MaxTokens: 10);
        return await executor.ExecuteAsync(request, clock.NowMs(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_line_that_never_ends_fails_after_a_megabyte_and_allocates_a_bounded_amount()
    {
        // given a server ready to send 512 MiB without a newline; a client that buffered the line would allocate all of it
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" fine") + "data: ");
            await FaultMatrix.WriteEndlessLineAsync(context, maxBytes: 512 * MiB);
        });
        await ExecuteAsync(new EndpointOptions { BaseUrl = server.BaseUrl, Stream = false }); // warm the JIT on both sides
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // when
        var record = await ExecuteAsync(new EndpointOptions { BaseUrl = server.BaseUrl });

        // then
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(RequestOutcome.MalformedEvent, record.Outcome);
        Assert.Single(record.ChunkAtMs);
        // generous: the limit is 1 MiB, and the parser's buffer doubles up to it
        Assert.True(allocated < 32 * MiB, $"allocated {allocated / MiB} MiB while reading one over-long line");
    }

    [Fact]
    public async Task A_stream_that_never_ends_times_out_in_total_and_keeps_only_its_timeline()
    {
        // given a server that writes text events as fast as it can and never finishes
        var batch = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(SseScript.ChatChunk(" more"), 100)));
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(batch, context.RequestAborted);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
            }
        });
        var endpoint = new EndpointOptions
        {
            BaseUrl = server.BaseUrl,
            TtftTimeout = TimeSpan.FromSeconds(30),
            IdleTimeout = TimeSpan.FromSeconds(30),
            TotalTimeout = TimeSpan.FromSeconds(1),
        };
        var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);

        // when
        var record = await ExecuteAsync(endpoint);

        // then
        var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
        Assert.Equal(RequestOutcome.TimeoutTotal, record.Outcome);
        var events = record.ChunkAtMs.Count;
        Assert.True(events > 1000, $"only {events} events in 1 s; the test needs a fast stream to mean anything");
        // a timestamp (8 B, up to 16 B with list slack) and a token count (4 B) per event: about 33 B measured;
        // nothing per byte received, nothing of the text once the tokens are counted
        Assert.True(retained < 4 * MiB + 64L * events, $"retained {retained} bytes for {events} events");
        GC.KeepAlive(record);
    }
}
