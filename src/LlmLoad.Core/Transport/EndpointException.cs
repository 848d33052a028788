namespace LlmLoad.Core.Transport;

/// <summary>The endpoint cannot be benchmarked as configured (unreachable, wrong model, key refused); the message is one line for the user.</summary>
public sealed class EndpointException(string message) : Exception(message);
