using System.Net.Http.Headers;
using System.Text;

namespace LlmLoad.Core.Transport.Http1;

/// <summary>Serializes a request (line, headers, Content-Length, body) into one buffer, so it leaves in one send.</summary>
internal static class Http1RequestWriter
{
    /// <exception cref="HttpRequestException">A header value holds a line break (it would split the request).</exception>
    public static void Write(MemoryStream destination, HttpRequestMessage request)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        destination.SetLength(0);
        var head = new StringBuilder(256)
            .Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(request.Headers.Host ?? (uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}")).Append("\r\n");
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                AppendHeader(head, name, values);
            }
        }
        long bodyLength = 0;
        if (request.Content is { } content)
        {
            bodyLength = content.Headers.ContentLength ?? throw new NotSupportedException("a request body of unknown length");
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    AppendHeader(head, name, values);
                }
            }
        }
        if (request.Content is not null || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
        {
            head.Append("Content-Length: ").Append(bodyLength).Append("\r\n");
        }
        head.Append("\r\n");
        destination.Write(Encoding.UTF8.GetBytes(head.ToString()));
        request.Content?.CopyTo(destination, null, CancellationToken.None);
    }

    private static void AppendHeader(StringBuilder head, string name, HeaderStringValues values)
    {
        var value = values.ToString();
        if (value.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new HttpRequestException($"The value of request header '{name}' contains a line break.");
        }
        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }
}
