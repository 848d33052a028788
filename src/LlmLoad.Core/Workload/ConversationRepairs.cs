using System.Globalization;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Counts what <see cref="ConversationNormalizer"/> had to drop or merge across a dataset, so the run can say
/// so in one warning line instead of failing on a conversation real datasets often contain.
/// </summary>
internal sealed class ConversationRepairs
{
    public long Conversations { get; set; }

    /// <summary>Conversations with no non-empty user turn: not usable as a session.</summary>
    public long WithoutUserTurn { get; set; }

    /// <summary>Replies before the first user turn (a conversation that does not start with the user), dropped.</summary>
    public long LeadingRepliesDropped { get; set; }

    /// <summary>Turns whose text is empty or blank, dropped.</summary>
    public long EmptyTurnsDropped { get; set; }

    /// <summary>Turns of the same role as the one before (two user turns in a row, two replies in a row), merged into it.</summary>
    public long RepeatedRolesMerged { get; set; }

    /// <summary>Turns of another role (tool, function, a system message after the first turn) or not an object with string values, skipped.</summary>
    public long OtherTurnsSkipped { get; set; }

    /// <summary>Last user turns without a reply, dropped because <c>--output-tokens dataset</c> needs the reply's length.</summary>
    public long UnansweredTurnsDropped { get; set; }

    /// <summary>Turns after a turn with no dataset reply, dropped because <c>--history dataset</c> has nothing to send back for it.</summary>
    public long TurnsAfterMissingReplyDropped { get; set; }

    /// <summary>One line for the run's warnings, or null when nothing was repaired.</summary>
    public string? Describe(string path)
    {
        var parts = new List<string>();
        Add(parts, WithoutUserTurn, "had no user turn and were skipped");
        Add(parts, LeadingRepliesDropped, "replies before the first user turn were dropped");
        Add(parts, EmptyTurnsDropped, "empty turns were dropped");
        Add(parts, RepeatedRolesMerged, "turns repeating the previous role were merged into it");
        Add(parts, OtherTurnsSkipped, "turns of other roles or shapes were skipped");
        Add(parts, UnansweredTurnsDropped, "last user turns without a reply were dropped (--output-tokens dataset)");
        Add(parts, TurnsAfterMissingReplyDropped, "turns after a turn with no reply were dropped (--history dataset)");
        return parts.Count == 0
            ? null
            : $"{path}: of {Conversations.ToString(CultureInfo.InvariantCulture)} conversations, {string.Join("; ", parts)} (docs/sessions.md).";
    }

    private static void Add(List<string> parts, long count, string what)
    {
        if (count > 0)
        {
            parts.Add($"{count.ToString(CultureInfo.InvariantCulture)} {what}");
        }
    }
}
