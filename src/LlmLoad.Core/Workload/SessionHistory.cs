namespace LlmLoad.Core.Workload;

/// <summary>
/// The conversation of one session so far, as a chat application keeps it: the system prompt, every user turn and
/// the reply to it. Each turn's request resends all of it, then the new user turn. Lives only while its session runs,
/// so memory holds the history of active sessions only.
/// </summary>
/// <remarks>
/// Chat requests send the messages as they are. Completions requests send one prompt: the same texts joined by blank
/// lines, in the same order, so a server's prefix cache sees the same growth either way.
/// </remarks>
public sealed class SessionHistory(SessionScript script, bool chat)
{
    private readonly List<ChatMessage> _messages = script.SystemPrompt is { } system ? [new ChatMessage("system", system)] : [];
    private int _sentTokens = script.SystemTokens;
    private int _turn;

    /// <summary>The next turn's index in the script, from 0; equals <see cref="TurnCount"/> when every turn is done.</summary>
    public int NextTurnIndex => _turn;

    public int TurnCount => script.Turns.Count;

    public bool IsDone => _turn == script.Turns.Count;

    /// <summary>The next user turn.</summary>
    public SessionTurn NextTurn => script.Turns[_turn];

    /// <summary>The next request's prompt length: the system prompt, every earlier turn and reply, and the next user turn.</summary>
    public int NextPromptTokens => _sentTokens + NextTurn.UserTokens;

    /// <summary>The next turn's request: the whole conversation so far, then the next user turn.</summary>
    public WorkloadItem NextRequest()
    {
        var turn = NextTurn;
        ChatMessage[] messages = [.. _messages, new ChatMessage("user", turn.User)];
        return new WorkloadItem(chat ? turn.User : string.Join("\n\n", messages.Select(m => m.Content)), NextPromptTokens, turn.MaxOutputTokens)
        {
            Messages = chat ? messages : null,
        };
    }

    /// <summary>Closes the next turn with the reply to send back from now on (<paramref name="replyTokens"/> by the workload's tokenizer).</summary>
    public void AddReply(string reply, int replyTokens)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var turn = NextTurn;
        _messages.Add(new ChatMessage("user", turn.User));
        _messages.Add(new ChatMessage("assistant", reply));
        _sentTokens += turn.UserTokens + replyTokens;
        _turn++;
    }
}
