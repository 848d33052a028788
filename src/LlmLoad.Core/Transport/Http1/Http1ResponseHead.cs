using System.Buffers.Text;
using System.Net;
using System.Text;

namespace LlmLoad.Core.Transport.Http1;

/// <summary>A parsed status line and header block, and what they say about the body's framing and the connection.</summary>
internal sealed class Http1ResponseHead
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

    private Http1ResponseHead(Version version, int statusCode, string reasonPhrase)
    {
        Version = version;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        KeepAlive = version >= HttpVersion.Version11;
    }

    public Version Version { get; }
    public int StatusCode { get; }
    public string ReasonPhrase { get; }
    public bool KeepAlive { get; private set; }
    public bool Chunked { get; private set; }
    public long? ContentLength { get; private set; }

    /// <summary>
    /// The length of the head at the start of <paramref name="data"/>, up to and with its blank line, or -1 when
    /// the blank line has not arrived. Lines may end in a bare LF, as SocketsHttpHandler accepts (RFC 9112 2.2).
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> data)
    {
        var searched = 0;
        while (data[searched..].IndexOf((byte)'\n') is var newline and >= 0)
        {
            var next = searched + newline + 1;
            if (next < data.Length && data[next] == '\n')
            {
                return next + 1;
            }
            if (next + 1 < data.Length && data[next] == '\r' && data[next + 1] == '\n')
            {
                return next + 2;
            }
            searched = next;
        }
        return -1;
    }

    /// <summary>Parses a head that ends with its blank line (as <see cref="FindEnd"/> found it).</summary>
    /// <exception cref="HttpRequestException">Not an HTTP/1.x response (status <see cref="HttpRequestError.InvalidResponse"/>).</exception>
    public static Http1ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var parsed = ParseStatusLine(TakeLine(ref head));
        while (true)
        {
            var line = TakeLine(ref head);
            if (line.IsEmpty)
            {
                return parsed;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAny(" \t"u8))
            {
                throw Invalid($"Received an invalid header line: '{Latin1(line)}'.");
            }
            parsed.Add(Latin1(line[..colon]), Latin1(line[(colon + 1)..].Trim(" \t"u8)));
        }
    }

    // the head ends with a blank line, so every line before it has its LF
    private static ReadOnlySpan<byte> TakeLine(ref ReadOnlySpan<byte> head)
    {
        var newline = head.IndexOf((byte)'\n');
        var line = head[..newline];
        head = head[(newline + 1)..];
        return line.EndsWith("\r"u8) ? line[..^1] : line;
    }

    private static Http1ResponseHead ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var consumed) || consumed != 3 || status < 100
            || (line.Length > 12 && line[12] != ' '))
        {
            throw Invalid($"Received an invalid status line: '{Latin1(line[..Math.Min(line.Length, 80)])}'.");
        }
        var version = line[7] == '0' ? HttpVersion.Version10 : HttpVersion.Version11;
        return new Http1ResponseHead(version, status, line.Length > 13 ? Latin1(line[13..]) : "");
    }

    private void Add(string name, string value)
    {
        if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
        {
            // chunked must be the last coding; anything else ends at the close
            Chunked = value.TrimEnd().EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
        }
        else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            ContentLength = long.TryParse(value, System.Globalization.NumberStyles.None, null, out var length)
                ? length
                : throw Invalid($"Received an invalid Content-Length: '{value}'.");
        }
        else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
        {
            KeepAlive = value.Contains("close", StringComparison.OrdinalIgnoreCase) ? false
                : value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase) || KeepAlive;
        }
        _headers.Add(new(name, value));
    }

    /// <summary>The response the caller sees; its content reads the body from the connection.</summary>
    public HttpResponseMessage ToResponse(HttpRequestMessage request, Http1BodyStream body)
    {
        var response = new HttpResponseMessage((HttpStatusCode)StatusCode)
        {
            Version = Version,
            ReasonPhrase = ReasonPhrase,
            RequestMessage = request,
            Content = new Http1BodyContent(body),
        };
        foreach (var (name, value) in _headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return response;
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static HttpRequestException Invalid(string message) => new(HttpRequestError.InvalidResponse, message);
}
