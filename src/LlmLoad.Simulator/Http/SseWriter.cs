using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Writes one response's server-sent events straight into Kestrel's pipe: <c>data: {json}\n\n</c>,
/// flushed per event so each leaves at its step boundary.
/// </summary>
internal sealed class SseWriter(PipeWriter pipe, ResponseHeader header)
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Utf8JsonWriter _json = new(pipe, s_options);

    public ValueTask WriteTokensAsync(string text, bool withRole, string? finishReason, CancellationToken cancellationToken)
    {
        Begin();
        CompletionJson.WriteChunk(_json, header, text, withRole, finishReason);
        return EndAsync(cancellationToken);
    }

    public ValueTask WriteUsageAsync(int promptTokens, int completionTokens, CancellationToken cancellationToken)
    {
        Begin();
        CompletionJson.WriteUsageChunk(_json, header, promptTokens, completionTokens);
        return EndAsync(cancellationToken);
    }

    /// <summary>Fault injection: an event whose data is JSON cut off mid-object.</summary>
    public ValueTask WriteMalformedAsync(CancellationToken cancellationToken)
    {
        pipe.Write("data: {\"id\":\""u8);
        pipe.Write(System.Text.Encoding.UTF8.GetBytes(header.Id));
        pipe.Write("\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n"u8);
        return FlushAsync(cancellationToken);
    }

    public ValueTask WriteDoneAsync(CancellationToken cancellationToken)
    {
        pipe.Write("data: [DONE]\n\n"u8);
        return FlushAsync(cancellationToken);
    }

    private void Begin()
    {
        pipe.Write("data: "u8);
        _json.Reset(pipe);
    }

    private ValueTask EndAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        pipe.Write("\n\n"u8);
        return FlushAsync(cancellationToken);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken) => await pipe.FlushAsync(cancellationToken);
}
