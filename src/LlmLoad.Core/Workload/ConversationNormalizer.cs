namespace LlmLoad.Core.Workload;

/// <summary>
/// Turns a dataset conversation into a session's exchanges, repairing what real datasets contain instead of
/// failing on it; every repair is counted in <see cref="ConversationRepairs"/> (docs/sessions.md lists them).
/// </summary>
/// <remarks>
/// Rules, message by message:
/// - roles: <c>human</c>/<c>user</c> are the user; <c>gpt</c>/<c>assistant</c>/<c>chatgpt</c>/<c>bing</c> reply
///   (ShareGPT's spellings); <c>system</c> before the first user turn is the system prompt (the first one only);
///   anything else, or a message whose text is not a string, is skipped;
/// - an empty or blank message is dropped;
/// - replies before the first user turn are dropped (the session starts with the user, as a chat does);
/// - a user message after a user message, or a reply after a reply, is appended to the one before with a blank
///   line: the request then alternates roles, as chat templates require (a JSON Lines <c>session_id</c> prompt line
///   is a turn of its own: its reply is the server's);
/// - a conversation left with no user turn is not a session (null).
/// </remarks>
internal static class ConversationNormalizer
{
    public static NormalizedConversation? Normalize(IEnumerable<RawTurn> turns, ConversationRepairs repairs)
    {
        repairs.Conversations++;
        string? system = null;
        var exchanges = new List<Exchange>();
        foreach (var turn in turns)
        {
            var role = turn.Role.ToLowerInvariant();
            var isUser = role is "human" or "user";
            var isReply = role is "gpt" or "assistant" or "chatgpt" or "bing";
            var isSystem = role == "system" && exchanges.Count == 0 && system is null;
            if (turn.Content is null || !(isUser || isReply || isSystem))
            {
                repairs.OtherTurnsSkipped++;
            }
            else if (string.IsNullOrWhiteSpace(turn.Content))
            {
                repairs.EmptyTurnsDropped++;
            }
            else if (isSystem)
            {
                system = turn.Content;
            }
            else if (isUser && !turn.StartsTurn && exchanges.Count > 0 && exchanges[^1].Reply is null)
            {
                repairs.RepeatedRolesMerged++;
                var last = exchanges[^1];
                exchanges[^1] = last with { User = last.User + "\n\n" + turn.Content, OutputTokens = last.OutputTokens ?? turn.OutputTokens };
            }
            else if (isUser)
            {
                exchanges.Add(new Exchange(turn.Content, null, turn.OutputTokens));
            }
            else if (exchanges.Count == 0)
            {
                repairs.LeadingRepliesDropped++;
            }
            else if (exchanges[^1].Reply is { } reply)
            {
                repairs.RepeatedRolesMerged++;
                exchanges[^1] = exchanges[^1] with { Reply = reply + "\n\n" + turn.Content };
            }
            else
            {
                exchanges[^1] = exchanges[^1] with { Reply = turn.Content };
            }
        }

        if (exchanges.Count == 0)
        {
            repairs.WithoutUserTurn++;
            return null;
        }
        return new NormalizedConversation(system, exchanges);
    }
}
