using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Reporting;

/// <summary>Reads back the <c>client_health</c> object <see cref="SummaryJsonWriter"/> writes, so a saved run's report shows it.</summary>
internal static class ClientHealthJson
{
    public const string Key = "client_health";

    /// <summary>The client's health saved in summary.json, or null when the file has none (a merged run's has one per shard instead).</summary>
    /// <param name="capReached">The open loop's --concurrency cap when the run filled it (not saved: it follows from the summary).</param>
    public static ClientHealth? Read(JsonObject summary, int? capReached)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary[Key] is not JsonObject health || health["cpu_fraction_of_machine"] is null)
        {
            return null;
        }
        OpenLoopPace? pace = Number(health, "scheduled_requests_per_second") is { } scheduled
            ? new OpenLoopPace(scheduled, Number(health, "achieved_requests_per_second") ?? 0, Number(health, "schedule_lag_p99_ms") ?? 0, capReached)
            : null;
        PreopenReport? connections = health["preopened_connections"] is JsonObject preopened
            ? new PreopenReport((int)(Number(preopened, "opened") ?? 0), (int)(Number(preopened, "failed") ?? 0),
                TimeSpan.FromSeconds(Number(preopened, "seconds") ?? 0), Number(preopened, "connect_p99_ms") ?? 0, Number(preopened, "connect_max_ms") ?? 0)
            : null;
        return new ClientHealth(
            Number(health, "cpu_fraction_of_machine") ?? 0,
            Number(health, "cpu_ms_per_request"),
            Number(health, "timer_lag_p99_ms") ?? 0,
            Number(health, "timer_lag_max_ms") ?? 0,
            pace,
            connections,
            Number(health, "gc_pause_fraction") ?? 0,
            Number(health, "slowest_token_count_ms") ?? 0);
    }

    private static double? Number(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue(out double number) ? number : null;
}
