namespace LlmLoad.Cli.Study;

/// <summary>Every problem found in one study file, each one line naming the file and, when known, the line; listed in file order.</summary>
internal sealed class StudyProblems(string file)
{
    private readonly List<(int Line, string Message)> _problems = [];

    /// <summary>The study file as the user named it.</summary>
    public string File { get; } = file;

    /// <summary>The messages, problems without a line first, then by line (a stable sort keeps the order of one line's problems).</summary>
    public IReadOnlyList<string> Messages => [.. _problems.OrderBy(problem => problem.Line).Select(problem => problem.Message)];

    public int Count => _problems.Count;

    /// <summary>Adds <c>FILE line N: message</c>, or <c>FILE: message</c> without a line (null or 0: a section the file does not have).</summary>
    public void Add(int? line, string message) =>
        _problems.Add(line is > 0 and var n ? (n, $"{File} line {n}: {message}") : (0, $"{File}: {message}"));
}
