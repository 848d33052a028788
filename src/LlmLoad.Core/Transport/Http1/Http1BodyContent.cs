using System.Net;

namespace LlmLoad.Core.Transport.Http1;

/// <summary>The response content: hands out the body stream itself, so each read goes straight to the connection.</summary>
internal sealed class Http1BodyContent(Http1BodyStream body) : HttpContent
{
    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => body;

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(body);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => body.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        body.CopyToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
        }
        base.Dispose(disposing);
    }
}
