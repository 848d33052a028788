namespace LlmLoad.Simulator.Http;

/// <summary>The fields every object of one response repeats: id, creation time (Unix seconds) and model.</summary>
internal sealed record ResponseHeader(CompletionKind Kind, string Id, long Created, string Model)
{
    /// <summary>A header with a vLLM-style id (<c>chatcmpl-</c>/<c>cmpl-</c>/<c>resp_</c>/<c>msg_</c> and 32 hex digits from the request's generator).</summary>
    public static ResponseHeader Create(CompletionKind kind, string model, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var prefix = kind switch
        {
            CompletionKind.Chat => "chatcmpl-",
            CompletionKind.Responses => "resp_",
            CompletionKind.Messages => "msg_",
            _ => "cmpl-",
        };
        return new ResponseHeader(kind, prefix + Convert.ToHexStringLower(bytes), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model);
    }
}
