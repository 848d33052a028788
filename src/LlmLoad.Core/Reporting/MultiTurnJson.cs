using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The <c>by_turn</c> array and <c>sessions</c> object of summary.json (and of each sweep.json level) for a
/// multi-turn run; absent for single-turn runs. Latencies carry the same statistic names as the run's scalars.
/// </summary>
internal static class MultiTurnJson
{
    public const string ByTurnKey = "by_turn";

    public const string SessionsKey = "sessions";

    public static void Write(Utf8JsonWriter writer, MultiTurnSummary multiTurn)
    {
        writer.WriteStartArray(ByTurnKey);
        foreach (TurnStatistics turn in multiTurn.ByTurn)
        {
            writer.WriteStartObject();
            writer.WriteNumber("turn", turn.Turn);
            writer.WriteNumber("requests", turn.Requests);
            writer.WriteNumber("completed", turn.Completed);
            SummaryScalarsJson.WriteNumber(writer, "mean_input_tokens", turn.MeanInputTokens);
            WriteStats(writer, "ttft_ms", turn.Ttft);
            SummaryScalarsJson.WriteNumber(writer, "mean_tpot_ms", turn.Tpot.Mean);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        SessionStatistics sessions = multiTurn.Sessions;
        writer.WriteStartObject(SessionsKey);
        writer.WriteNumber("sessions", sessions.Sessions);
        writer.WriteNumber("ended_by_failure", sessions.EndedByFailure);
        writer.WriteNumber("interrupted", sessions.Interrupted);
        SummaryScalarsJson.WriteNumber(writer, "mean_turns_completed", sessions.MeanTurnsCompleted);
        WriteStats(writer, "session_duration_ms", sessions.DurationMs);
        WriteStats(writer, "time_to_last_token_ms", sessions.TimeToLastTokenMs);
        writer.WriteEndObject();
    }

    /// <summary>The blocks under <paramref name="root"/>, or null when it has none (a single-turn run, an older file).</summary>
    public static MultiTurnSummary? Read(JsonObject root)
    {
        if (root[ByTurnKey] is not JsonArray byTurn || root[SessionsKey] is not JsonObject sessions)
        {
            return null;
        }
        return new MultiTurnSummary
        {
            ByTurn = byTurn.OfType<JsonObject>().Select(turn => new TurnStatistics
            {
                Turn = Count(turn, "turn"),
                Requests = Count(turn, "requests"),
                Completed = Count(turn, "completed"),
                MeanInputTokens = JsonNumber.Read(turn["mean_input_tokens"]),
                Ttft = ReadStats(turn, "ttft_ms"),
                Tpot = new LatencyStats { Mean = JsonNumber.Read(turn["mean_tpot_ms"]) },
            }).ToList(),
            Sessions = new SessionStatistics
            {
                Sessions = Count(sessions, "sessions"),
                EndedByFailure = Count(sessions, "ended_by_failure"),
                Interrupted = Count(sessions, "interrupted"),
                MeanTurnsCompleted = JsonNumber.Read(sessions["mean_turns_completed"]),
                DurationMs = ReadStats(sessions, "session_duration_ms"),
                TimeToLastTokenMs = ReadStats(sessions, "time_to_last_token_ms"),
            },
        };
    }

    // mean, median and p99: the statistics the by-turn view shows (as vLLM's result block prints them)
    private static void WriteStats(Utf8JsonWriter writer, string suffix, LatencyStats stats)
    {
        SummaryScalarsJson.WriteNumber(writer, "mean_" + suffix, stats.Mean);
        SummaryScalarsJson.WriteNumber(writer, "median_" + suffix, stats.P50);
        SummaryScalarsJson.WriteNumber(writer, "p99_" + suffix, stats.P99);
    }

    private static LatencyStats ReadStats(JsonObject node, string suffix) => new()
    {
        Mean = JsonNumber.Read(node["mean_" + suffix]),
        P50 = JsonNumber.Read(node["median_" + suffix]),
        P99 = JsonNumber.Read(node["p99_" + suffix]),
    };

    private static int Count(JsonObject node, string key) => (int)(JsonNumber.Read(node[key]) ?? 0);
}
