using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Transport.Http1;

/// <summary>Sends requests the way a run does (the product's client, headers read first) and reads bodies in small pieces.</summary>
internal static class Http1TestClient
{
    public static HttpClient Create(Uri baseUrl, HttpStack stack = HttpStack.Builtin) =>
        LoadHttpClientFactory.Create(new EndpointOptions { BaseUrl = baseUrl, HttpStack = stack }, 4);

    /// <summary>A chat request built as <c>RequestExecutor.CreateMessage</c> builds it.</summary>
    public static HttpRequestMessage ChatRequest(EndpointOptions endpoint, string body = "{\"model\":\"m\"}")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint.RequestUri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Version = HttpVersion.Version11,
        };
        message.Headers.Accept.ParseAdd("text/event-stream");
        endpoint.AddCredentialsAndHeaders(message);
        return message;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri baseUrl)
    {
        using var request = ChatRequest(new EndpointOptions { BaseUrl = baseUrl });
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    /// <summary>The whole body as Latin-1 text, read 7 bytes at a time so framing and data are also cut on the client's side.</summary>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var text = new StringBuilder();
        var buffer = new byte[7];
        int read;
        while ((read = await body.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        return text.ToString();
    }

    public static async Task<string> PostAndReadAsync(HttpClient client, Uri baseUrl)
    {
        using var response = await PostAsync(client, baseUrl);
        return await ReadBodyAsync(response);
    }

    /// <summary>Polls <paramref name="condition"/> for up to 5 s: for state that shows on the server a moment after the client acted.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
