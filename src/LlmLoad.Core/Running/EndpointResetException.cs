using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Running;

/// <summary>
/// The endpoint reset between sweep levels failed (the command exited non-zero, the URL did not answer); the
/// sweep cannot go on. <see cref="Problem"/> names the option, so each front end can name it in its own spelling.
/// </summary>
public sealed class EndpointResetException(OptionProblem problem, Exception? innerException = null)
    : Exception(problem.ToString(), innerException)
{
    public OptionProblem Problem { get; } = problem;
}
