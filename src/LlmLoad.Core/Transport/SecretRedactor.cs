namespace LlmLoad.Core.Transport;

/// <summary>
/// Decides which values must never reach a file or a log, and cuts them out of text: the API key, the base URL's
/// user name and password, and every <c>--header</c> value (a key can hide under any name, <c>X-Custom: sk-...</c>)
/// unless the user asked to see them; values of secret-looking names stay hidden even then.
/// </summary>
public static class SecretRedactor
{
    public const string Redacted = "***";

    /// <summary>Shorter values are not searched for: cutting every "1" out of a message would hide more than it protects.</summary>
    private const int MinimumSecretLength = 4;

    private static readonly string[] SecretWords = ["authorization", "key", "token", "secret", "password", "cookie", "credential"];

    public static bool IsSecretName(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The header as it may be written down: its value replaced unless <paramref name="showValue"/> and its name looks harmless.</summary>
    public static KeyValuePair<string, string> Redact(KeyValuePair<string, string> header, bool showValue = false) =>
        showValue && !IsSecretName(header.Key) ? header : new(header.Key, Redacted);

    /// <summary>
    /// The strings an endpoint's requests carry that must not be written down: the API key, the URL credentials
    /// (whole, the password alone, and as the Basic token a server may echo), the header values that
    /// <see cref="Redact"/> hides, and the token of any "Bearer ..." header value.
    /// </summary>
    public static string[] SecretValues(EndpointOptions endpoint) =>
    [
        .. new[] { endpoint.ApiKey }
            .Concat(UrlCredentialValues(endpoint.UrlCredentials))
            .Concat(endpoint.Headers.Where(header => !endpoint.ShowHeaderValues || IsSecretName(header.Key)).Select(header => header.Value))
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

    private static IEnumerable<string?> UrlCredentialValues(string? credentials) => credentials is null
        ? []
        : [credentials, credentials[(credentials.IndexOf(':') + 1)..], UrlUserInfo.BasicToken(credentials)];

    /// <summary>The token of a "Bearer ..." value in any header, whatever the header is called.</summary>
    private static string? BearerToken(string value) =>
        value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;
}
