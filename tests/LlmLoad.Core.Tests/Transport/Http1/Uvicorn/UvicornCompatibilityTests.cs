using System.Text;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Tests.Transport.Http1.Uvicorn;

/// <summary>
/// Both HTTP stacks against uvicorn + starlette, the server stack vLLM streams with: every request read whole,
/// one keep-alive connection per user, and a keep-alive the server timed out is not reused.
/// </summary>
public sealed class UvicornCompatibilityTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStack.Builtin)]
    [InlineData(HttpStack.Dotnet)]
    public async Task Every_stream_is_read_whole_over_one_connection_per_user(HttpStack stack)
    {
        // given
        await using var server = await UvicornServer.StartAsync(itlSeconds: 0.002, keepAliveSeconds: 5, Token);
        var (executor, client) = CreateExecutor(server, stack);
        using var _ = client;

        // when 6 users send 4 requests each, one after another
        var records = (await Task.WhenAll(Enumerable.Range(0, 6).Select(async user =>
        {
            var mine = new List<RequestRecord>();
            for (var i = 0; i < 4; i++)
            {
                mine.Add(await SendAsync(executor, index: user * 4 + i, tokens: 12));
            }
            return mine;
        }))).SelectMany(mine => mine).ToList();

        // then
        Assert.All(records, record => Assert.True(record.Outcome == RequestOutcome.Ok, record.ErrorMessage));
        Assert.All(records, record => Assert.Equal((12, 12, "length"), (record.OutputTokens, record.ChunkAtMs.Count, record.FinishReason)));
        // one per user; the executor waits up to 200 ms for each body's end after [DONE], which a starved python
        // process can miss now and then, so a spare connection or two is tolerated (one per request would be 24)
        Assert.InRange(await server.ConnectionsAsync(Token), 6, 8);
    }

    [Fact]
    public async Task A_keep_alive_the_server_timed_out_is_replaced_without_a_failure()
    {
        // given a server that closes connections idle for 1 s
        await using var server = await UvicornServer.StartAsync(itlSeconds: 0.001, keepAliveSeconds: 1, Token);
        var (executor, client) = CreateExecutor(server, HttpStack.Builtin);
        using var _ = client;

        // when a request follows the first after 2 s
        var first = await SendAsync(executor, index: 0, tokens: 3);
        await Task.Delay(TimeSpan.FromSeconds(2), Token);
        var second = await SendAsync(executor, index: 1, tokens: 3);

        // then both succeed, the second on a new connection
        Assert.Equal((RequestOutcome.Ok, RequestOutcome.Ok), (first.Outcome, second.Outcome));
        Assert.Equal(2, await server.ConnectionsAsync(Token));
    }

    private static (RequestExecutor, HttpClient) CreateExecutor(UvicornServer server, HttpStack stack)
    {
        var endpoint = new EndpointOptions { BaseUrl = server.BaseUrl, HttpStack = stack };
        var client = LoadHttpClientFactory.Create(endpoint, 16);
        return (new RequestExecutor(client, endpoint, new RunClock(TimeProvider.System), O200k, "uvicorn"), client);
    }

    private static Task<RequestRecord> SendAsync(RequestExecutor executor, int index, int tokens)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"model":"uvicorn-model","messages":[{"role":"user","content":"hi"}],"stream":true,"max_tokens":{{tokens}}}""");
        return executor.ExecuteAsync(new PreparedRequest(index, false, body, PromptTokens: 1, MaxTokens: tokens), 0, Token);
    }
}
