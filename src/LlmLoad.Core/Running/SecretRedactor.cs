using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Running;

/// <summary>Decides which header values must never reach a file or a log, and cuts them out of text.</summary>
public static class SecretRedactor
{
    public const string Redacted = "***";

    /// <summary>Shorter values are not searched for: cutting every "1" out of a message would hide more than it protects.</summary>
    private const int MinimumSecretLength = 4;

    private static readonly string[] SecretWords = ["authorization", "key", "token", "secret", "password", "cookie", "credential"];

    public static bool IsSecretName(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The header as it may be written down: its value replaced when its name looks secret.</summary>
    public static KeyValuePair<string, string> Redact(KeyValuePair<string, string> header) =>
        IsSecretName(header.Key) ? new(header.Key, Redacted) : header;

    /// <summary>The strings an endpoint's requests carry that must not be written down: the API key and secret-looking header values.</summary>
    public static string[] SecretValues(EndpointOptions endpoint) =>
    [
        .. new[] { endpoint.ApiKey }
            .Concat(endpoint.Headers.Where(header => IsSecretName(header.Key)).Select(header => header.Value))
            .Concat(endpoint.Headers.Select(header => BearerToken(header.Value)))
            .OfType<string>()
            .Where(value => value.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal)
            // longest first, so a value that contains another is cut out whole
            .OrderByDescending(value => value.Length),
    ];

    /// <summary><paramref name="text"/> with every occurrence of each secret replaced by <see cref="Redacted"/>.</summary>
    public static string RedactValues(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>The token of a "Bearer ..." value in any header, whatever the header is called.</summary>
    private static string? BearerToken(string value) =>
        value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;
}
