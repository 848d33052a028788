using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The <c>session_counts</c> block of summary.json: how a multi-turn run's sessions ended, as the load generator counted
/// them (the records cannot tell a session cut by the context limit). Written and read in one format, so a merge can
/// add up its shards' counts.
/// </summary>
internal static class SessionCountsJson
{
    public const string Key = "session_counts";

    public static void Write(Utf8JsonWriter writer, SessionCounts counts)
    {
        writer.WriteStartObject(Key);
        writer.WriteNumber("started", counts.Started);
        writer.WriteNumber("completed", counts.Completed);
        writer.WriteNumber("ended_by_failure", counts.EndedByFailure);
        writer.WriteNumber("ended_by_context_limit", counts.EndedByContextLimit);
        writer.WriteNumber("cut_by_run_end", counts.CutByRunEnd);
        writer.WriteNumber("turns_not_sent", counts.TurnsSkipped);
        writer.WriteEndObject();
    }

    /// <summary>The saved counts; null when summary.json has none (a single-turn run).</summary>
    public static SessionCounts? Read(JsonObject root)
    {
        if (root[Key] is not JsonObject counts)
        {
            return null;
        }
        long Count(string key) => (long)(JsonNumber.Read(counts[key]) ?? 0);
        return new SessionCounts(Count("started"), Count("completed"), Count("ended_by_failure"), Count("ended_by_context_limit"), Count("cut_by_run_end"), Count("turns_not_sent"));
    }
}
