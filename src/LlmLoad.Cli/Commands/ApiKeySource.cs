using System.CommandLine;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// Where the API key comes from: an environment variable (<c>--api-key-env</c>, default <see cref="DefaultVariable"/>)
/// or the first line of a file (<c>--api-key-file</c>). Never the command line, where a key stays in shell history.
/// </summary>
internal static class ApiKeySource
{
    public const string DefaultVariable = "OPENAI_API_KEY";

    public const string LiteralKeyRefused =
        "--api-key does not take the key itself (it would stay in your shell history); put it in an environment variable and pass --api-key-env NAME, or in a file and pass --api-key-file PATH.";

    /// <summary>
    /// The hidden <c>--api-key</c> (<c>--key</c>): never takes a key, since a key typed on the command line stays in shell history
    /// and process lists. Registered only to refuse it with the fix, without echoing the value as an unknown argument would.
    /// </summary>
    /// <param name="refusal">The one-line error with the fix where the key should go instead.</param>
    public static Option<string?> CreateLiteralKeyOption(string refusal = LiteralKeyRefused) => new("--api-key", "--key")
    {
        Hidden = true,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            result.AddError(refusal);
            return null;
        },
    };

    /// <summary>The key and the variable it came from; every problem goes to <paramref name="problems"/>, never the key itself.</summary>
    public static (string? Variable, string? Key) Resolve(string? variable, string? file, List<string> problems)
    {
        if (file is not null)
        {
            if (variable is not null)
            {
                problems.Add("--api-key-env and --api-key-file both name a key; give one of them.");
            }
            return (null, ReadKeyFile(file, problems));
        }
        if (variable is null)
        {
            var fromDefault = Environment.GetEnvironmentVariable(DefaultVariable);
            return string.IsNullOrEmpty(fromDefault) ? (null, null) : (DefaultVariable, fromDefault);
        }
        if (variable.StartsWith("sk-", StringComparison.Ordinal) || variable.Length > 64)
        {
            problems.Add("--api-key-env takes the NAME of an environment variable, not the key itself; run `export MY_KEY=...` and pass --api-key-env MY_KEY.");
            return (null, null);
        }
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(key))
        {
            problems.Add($"--api-key-env \"{variable}\": that environment variable is not set or empty.");
        }
        return (variable, key);
    }

    /// <summary>The first line of the file, trimmed; the key itself never appears in a message.</summary>
    private static string? ReadKeyFile(string path, List<string> problems)
    {
        if (Directory.Exists(path))
        {
            problems.Add($"--api-key-file \"{path}\" is a directory; name the file that holds the key.");
            return null;
        }
        string? firstLine;
        try
        {
            using var reader = new StreamReader(path);
            firstLine = reader.ReadLine()?.Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add(exception is FileNotFoundException or DirectoryNotFoundException
                ? $"--api-key-file \"{path}\" does not exist."
                : $"--api-key-file \"{path}\" cannot be read: {exception.Message}");
            return null;
        }
        if (string.IsNullOrEmpty(firstLine))
        {
            problems.Add($"--api-key-file \"{path}\" has no key on its first line.");
            return null;
        }
        return firstLine;
    }
}
