namespace LlmLoad.Cli;

/// <summary>The process exit codes, documented in <c>--help</c> and the README. CI scripts branch on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An unexpected failure inside llmload (a bug): the message says so.</summary>
    public const int InternalError = 1;

    /// <summary>A flag, dataset or file was invalid; nothing was sent.</summary>
    public const int InvalidInput = 2;

    /// <summary>The pre-flight showed the endpoint unreachable, the model unknown or the key refused.</summary>
    public const int EndpointUnusable = 3;

    /// <summary>The run finished but missed a given SLO.</summary>
    public const int SloNotMet = 4;

    /// <summary>The run finished but not one measured request succeeded: its figures describe failures only.</summary>
    public const int AllRequestsFailed = 5;

    /// <summary>The user stopped the run (Ctrl-C); partial results were written. 128 + SIGINT, as shells expect.</summary>
    public const int Interrupted = 130;

    public const string HelpText =
        "Exit codes: 0 success, 1 internal error, 2 invalid input, 3 endpoint unusable at pre-flight, 4 SLO not met, 5 every request failed, 130 interrupted.";
}
