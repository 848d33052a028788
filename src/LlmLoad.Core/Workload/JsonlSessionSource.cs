using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Builds <c>--dataset jsonl:PATH --multi-turn</c> sessions, in file order: a <c>{"messages": [...]}</c> line is one
/// session (its user turns in order); lines with the same <c>session_id</c> form one session, in file order, a
/// <c>prompt</c> line adding a user turn and a <c>messages</c> line adding its messages. The session's place is that of
/// its first line. Conversations are repaired as ShareGPT's are (<see cref="ConversationNormalizer"/>, counted).
/// </summary>
internal static class JsonlSessionSource
{
    public static SessionWorkload Build(ParsedWorkloadOptions options, SessionShape shape, Tokenizer tokenizer, int count)
    {
        var path = options.Dataset.Path!;
        var groups = new List<List<RawTurn>>();
        var byId = new Dictionary<string, List<RawTurn>>(StringComparer.Ordinal);
        foreach (var entry in JsonlReader.Read(path))
        {
            List<RawTurn> turns;
            if (entry.SessionId is null || !byId.TryGetValue(entry.SessionId, out turns!))
            {
                turns = [];
                groups.Add(turns);
                if (entry.SessionId is { } id)
                {
                    byId[id] = turns;
                }
            }
            if (entry.Messages is { } messages)
            {
                turns.AddRange(messages.Select(m => new RawTurn(m.Role, m.Content, entry.OutputTokens)));
            }
            else
            {
                turns.Add(new RawTurn("user", entry.Prompt, entry.OutputTokens, StartsTurn: true));
            }
        }

        var repairs = new ConversationRepairs();
        var outputs = WorkloadRandom.Create(options.Seed, WorkloadRandom.OutputLengths);
        var scripts = groups
            .Select(turns => ConversationNormalizer.Normalize(turns, repairs) is { } conversation
                ? ConversationScripts.ToScript(conversation, options, shape.History, tokenizer, outputs, repairs)
                : null)
            .OfType<SessionScript>().ToList();
        if (scripts.Count == 0)
        {
            var why = groups.Count == 0
                ? "the file has no lines"
                : $"none of its {groups.Count.ToString(CultureInfo.InvariantCulture)} sessions has a non-empty user turn{(options.OutputTokens.FromDataset ? " with output_tokens or a reply (--output-tokens dataset)" : "")}";
            throw new WorkloadException($"{path}: no usable session: {why}.");
        }

        var warnings = new List<string>();
        if (repairs.Describe(path) is { } repaired)
        {
            warnings.Add(repaired);
        }
        if (!options.InputTokensIsDefault)
        {
            warnings.Add($"--input-tokens {options.InputTokens} is ignored for a jsonl dataset; its sessions are sent as they are.");
        }
        if (scripts.Count < count)
        {
            warnings.Add($"{path}: {scripts.Count.ToString(CultureInfo.InvariantCulture)} sessions are repeated in file order to make {count.ToString(CultureInfo.InvariantCulture)} sessions.");
        }
        var description = $"JSON Lines {path}: {scripts.Count.ToString(CultureInfo.InvariantCulture)} sessions in file order, history {shape.History.ToString().ToLowerInvariant()}, "
            + $"max_tokens {options.OutputTokens}, tokenizer {options.Tokenizer}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}";
        return new SessionWorkload(scripts, shape.History, tokenizer, warnings, description);
    }
}
