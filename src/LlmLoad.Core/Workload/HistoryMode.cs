namespace LlmLoad.Core.Workload;

/// <summary>What a session's later turns send as the assistant's earlier replies (<c>--history</c>).</summary>
public enum HistoryMode
{
    /// <summary>The server's actual replies, as a chat application sends them: realistic, but prompts differ across endpoints.</summary>
    Server,

    /// <summary>The dataset's own assistant turns: every endpoint gets identical prompts, though they are not its own words.</summary>
    Dataset,
}
