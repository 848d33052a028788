using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>Turns a dataset conversation into a session script: token counts, and each turn's <c>max_tokens</c>.</summary>
internal static class ConversationScripts
{
    /// <summary>
    /// The script of <paramref name="conversation"/>; null when no turn is left. With <c>--output-tokens dataset</c> a
    /// turn's length is its line's <c>output_tokens</c>, else its reply's length, and a last turn with neither is
    /// dropped (counted). Replies are counted only when they are sent back (<see cref="HistoryMode.Dataset"/>) or size
    /// <c>max_tokens</c>: a long ShareGPT sample costs tokenizer time.
    /// </summary>
    public static SessionScript? ToScript(NormalizedConversation conversation, ParsedWorkloadOptions options, HistoryMode history,
        Tokenizer tokenizer, Random outputs, ConversationRepairs repairs)
    {
        var fromDataset = options.OutputTokens.FromDataset;
        var turns = new List<SessionTurn>(conversation.Exchanges.Count);
        foreach (var exchange in conversation.Exchanges)
        {
            if (history == HistoryMode.Dataset && turns.Count > 0 && turns[^1].DatasetReply is null)
            {
                repairs.TurnsAfterMissingReplyDropped += conversation.Exchanges.Count - turns.Count;
                break;
            }
            int? replyTokens = exchange.Reply is { } reply && (history == HistoryMode.Dataset || (fromDataset && exchange.OutputTokens is null))
                ? tokenizer.CountTokens(reply)
                : null;
            var reference = exchange.OutputTokens ?? replyTokens;
            if (fromDataset && reference is null)
            {
                repairs.UnansweredTurnsDropped += conversation.Exchanges.Count - turns.Count;
                break;
            }
            turns.Add(new SessionTurn(exchange.User, tokenizer.CountTokens(exchange.User), options.OutputTokens.Resolve(reference, outputs),
                history == HistoryMode.Dataset ? exchange.Reply : null, history == HistoryMode.Dataset ? replyTokens : null));
        }

        if (turns.Count == 0)
        {
            return null;
        }
        var system = conversation.SystemPrompt;
        return new SessionScript(system, system is null ? 0 : tokenizer.CountTokens(system), turns);
    }
}
