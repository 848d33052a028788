namespace LlmLoad.Simulator.Profiles;

/// <summary>
/// A profile could not be loaded: an unknown name, an unreadable file, unknown keys or bad values.
/// <see cref="Errors"/> holds every problem as one line, ready for the CLI to print.
/// </summary>
public sealed class ProfileLoadException : Exception
{
    public ProfileLoadException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ProfileLoadException(string error, Exception innerException)
        : base(error, innerException)
    {
        Errors = [error];
    }

    /// <summary>One line per problem; each names the file or profile, the key and the expected value.</summary>
    public IReadOnlyList<string> Errors { get; }
}
