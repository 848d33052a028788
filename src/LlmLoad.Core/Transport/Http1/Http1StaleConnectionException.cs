namespace LlmLoad.Core.Transport.Http1;

/// <summary>
/// The request could not be written, so the server never saw it. On a connection taken from the pool that
/// is a keep-alive the server closed while it sat idle, and the request goes out once more on another
/// connection (as <see cref="SocketsHttpHandler"/> does); on a new connection it is a failure. A connection
/// that fails after the request went out is never retried: the server may have started on it.
/// </summary>
internal sealed class Http1StaleConnectionException(Exception inner) : Exception(inner.Message, inner);
