namespace LlmLoad.Core.Transport;

/// <summary>Which HTTP/1.1 client sends the requests.</summary>
public enum HttpStack
{
    /// <summary>llmload's own (<see cref="Http1.Http1Handler"/>): one socket read and no allocation per token event.</summary>
    Builtin,

    /// <summary>.NET's <see cref="SocketsHttpHandler"/>: the reference to check the own stack against.</summary>
    Dotnet,
}
