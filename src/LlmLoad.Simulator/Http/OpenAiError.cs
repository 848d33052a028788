using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Simulator.Http;

/// <summary>Error responses in the OpenAI format: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAiError
{
    public static async Task WriteAsync(HttpContext context, int status, string message, CancellationToken cancellationToken)
    {
        var (type, code) = status switch
        {
            400 => ("invalid_request_error", "bad_request"),
            429 => ("rate_limit_error", "rate_limit_exceeded"),
            503 => ("server_error", "service_unavailable"),
            504 => ("timeout_error", "gateway_timeout"),
            _ => ("server_error", "internal_error"),
        };

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type);
            json.WriteNull("param");
            json.WriteString("code", code);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), cancellationToken);
    }
}
