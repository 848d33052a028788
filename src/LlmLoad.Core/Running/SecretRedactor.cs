namespace LlmLoad.Core.Running;

/// <summary>Decides which header values must never reach a file or a log.</summary>
public static class SecretRedactor
{
    public const string Redacted = "***";

    private static readonly string[] SecretWords = ["authorization", "key", "token", "secret", "password", "cookie", "credential"];

    public static bool IsSecretName(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The header as it may be written down: its value replaced when its name looks secret.</summary>
    public static KeyValuePair<string, string> Redact(KeyValuePair<string, string> header) =>
        IsSecretName(header.Key) ? new(header.Key, Redacted) : header;
}
