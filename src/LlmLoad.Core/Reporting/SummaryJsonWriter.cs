using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes summary.json: a header (<c>tool</c>, <c>tool_version</c>, <c>started_at</c>,
/// <c>config</c>), every <see cref="MetricCatalog.All"/> scalar in catalogue order (null when
/// undefined), then the <c>errors</c>, <c>errors_by_status</c>, <c>error_examples</c> and <c>time_series</c> objects.
/// Numbers are written by <see cref="Utf8JsonWriter"/>, which is culture-invariant and round-trips doubles.
/// </summary>
public static class SummaryJsonWriter
{
    public const string ToolName = "llmload";

    /// <summary>summary.json key of the goodput SLO text, next to <c>request_goodput</c>.</summary>
    public const string SloKey = "goodput_slo";

    /// <summary>summary.json key of the first message per error class and status (keys as in <c>errors_by_status</c>).</summary>
    public const string ErrorExamplesKey = "error_examples";

    /// <summary>
    /// Writes indented summary.json to <paramref name="stream"/> (UTF-8, no BOM). Only JSON's own
    /// special characters are escaped, so SLO text reads <c>ttft&lt;=500ms</c>, not <c>ttft\u003C=500ms</c>;
    /// the file is data, never embedded in HTML.
    /// </summary>
    public static void Write(Stream stream, RunSummary summary, JsonObject? configuration, string toolVersion, DateTimeOffset startedAt, bool interrupted = false, ClientHealth? clientHealth = null, IReadOnlyList<ServerSummary>? server = null, SessionCounts? sessionCounts = null, JsonObject? shardsClientHealth = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Write(writer, summary, configuration, toolVersion, startedAt, interrupted, clientHealth, server, sessionCounts, shardsClientHealth);
    }

    /// <summary>
    /// Writes the summary as one JSON object. <paramref name="configuration"/> must already be
    /// redacted; it is embedded as is under <c>config</c>. <paramref name="startedAt"/> is written in UTC.
    /// <paramref name="interrupted"/> marks a run the user stopped early (its records are partial);
    /// <paramref name="clientHealth"/>, when given, is written as <c>client_health</c>; <paramref name="server"/>,
    /// when the run scraped metrics pages, as <c>server</c> (<see cref="ServerSummaryJson"/>).
    /// <paramref name="shardsClientHealth"/>: a merged run's <c>client_health</c>, one block per shard
    /// (<see cref="Sharding.MergedClientHealthJson"/>), written as is where one client's would be.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, RunSummary summary, JsonObject? configuration, string toolVersion, DateTimeOffset startedAt, bool interrupted = false, ClientHealth? clientHealth = null, IReadOnlyList<ServerSummary>? server = null, SessionCounts? sessionCounts = null, JsonObject? shardsClientHealth = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(toolVersion);
        if (clientHealth is not null && shardsClientHealth is not null)
        {
            throw new ArgumentException("summary.json has one client_health: one client's, or a merged run's per-shard block, not both.", nameof(shardsClientHealth));
        }

        writer.WriteStartObject();
        writer.WriteString("tool", ToolName);
        writer.WriteString("tool_version", toolVersion);
        StartedAtJson.Write(writer, startedAt);
        writer.WriteBoolean("interrupted", interrupted);
        writer.WritePropertyName("config");
        if (configuration is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            configuration.WriteTo(writer);
        }

        SummaryScalarsJson.WriteSummaryScalars(writer, summary);
        writer.WriteStartObject(ErrorExamplesKey);
        foreach (ErrorExample example in summary.ErrorExamples)
        {
            writer.WriteString(example.Label, example.Message);
        }
        writer.WriteEndObject();
        WriteTimeSeries(writer, summary.TimeSeries);
        if (summary.Ramp is not null)
        {
            WriteRampTurnPoint(writer, summary.RampTurnPoint);
        }
        if (sessionCounts is not null)
        {
            SessionCountsJson.Write(writer, sessionCounts);
        }
        if (clientHealth is not null)
        {
            WriteClientHealth(writer, clientHealth);
        }
        if (shardsClientHealth is not null)
        {
            writer.WritePropertyName(ClientHealthJson.Key);
            shardsClientHealth.WriteTo(writer);
        }
        if (server is { Count: > 0 })
        {
            ServerSummaryJson.Write(writer, server, summary);
        }
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The load generator's own health, and the warnings it leads to (<see cref="ClientHealth.Warnings"/>).</summary>
    internal static void WriteClientHealth(Utf8JsonWriter writer, ClientHealth health)
    {
        writer.WriteStartObject("client_health");
        SummaryScalarsJson.WriteNumber(writer, "cpu_fraction_of_machine", health.CpuFractionOfMachine);
        SummaryScalarsJson.WriteNumber(writer, "cpu_ms_per_request", health.CpuMsPerRequest);
        SummaryScalarsJson.WriteNumber(writer, "timer_lag_p99_ms", health.TimerLagP99Ms);
        SummaryScalarsJson.WriteNumber(writer, "timer_lag_max_ms", health.TimerLagMaxMs);
        SummaryScalarsJson.WriteNumber(writer, "gc_pause_fraction", health.GcPauseFraction);
        SummaryScalarsJson.WriteNumber(writer, "slowest_token_count_ms", health.SlowestTokenCountMs);
        SummaryScalarsJson.WriteNumber(writer, "schedule_lag_p99_ms", health.Pace?.LagP99Ms);
        SummaryScalarsJson.WriteNumber(writer, "scheduled_requests_per_second", health.Pace?.ScheduledPerSecond);
        SummaryScalarsJson.WriteNumber(writer, "achieved_requests_per_second", health.Pace?.AchievedPerSecond);
        if (health.Connections is { } connections)
        {
            writer.WriteStartObject("preopened_connections");
            writer.WriteNumber("opened", connections.Opened);
            writer.WriteNumber("failed", connections.Failed);
            SummaryScalarsJson.WriteNumber(writer, "seconds", connections.Elapsed.TotalSeconds);
            SummaryScalarsJson.WriteNumber(writer, "connect_p99_ms", connections.ConnectP99Ms);
            SummaryScalarsJson.WriteNumber(writer, "connect_max_ms", connections.ConnectMaxMs);
            writer.WriteEndObject();
        }
        writer.WriteStartArray("warnings");
        foreach (var warning in health.Warnings())
        {
            writer.WriteStringValue(warning);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTimeSeries(Utf8JsonWriter writer, TimeSeries series)
    {
        writer.WriteStartObject(MetricCatalog.TimeSeriesKey);
        writer.WriteNumber("bucket_seconds", TimeSeries.BucketSeconds);
        WriteArray(writer, "in_flight_mean", series.InFlightMean.Select(Rounded));
        WriteArray(writer, "in_flight_max", series.InFlightMax.Select(v => (double)v));
        WriteArray(writer, "completions", series.Completions.Select(v => (double)v));
        WriteArray(writer, "output_tokens", series.OutputTokens.Select(Rounded));
        WriteArray(writer, "errors", series.Errors.Select(v => (double)v));
        WriteArray(writer, MetricCatalog.OfferedSeriesKey, series.Offered.Select(v => (double)v));
        if (series.Users.Count > 0)
        {
            WriteArray(writer, "users", series.Users.Select(v => (double)v));
        }
        writer.WriteEndObject();
    }

    private static void WriteRampTurnPoint(Utf8JsonWriter writer, RampTurnPoint? turn)
    {
        if (turn is null)
        {
            writer.WriteNull("ramp_turn_point");
            return;
        }
        writer.WriteStartObject("ramp_turn_point");
        writer.WriteNumber("time_s", turn.TimeSeconds);
        writer.WriteNumber("offered_load", Rounded(turn.OfferedLoad));
        writer.WriteString("reason", turn.Reason);
        WriteNumberOrNull(writer, "ttft_floor_ms", turn.TtftFloorMs);
        WriteNumberOrNull(writer, "ttft_p50_ms", turn.TtftP50Ms);
        writer.WriteNumber("ttft_factor", RampTurnPointFinder.TtftFactor);
        writer.WriteNumber("errors", turn.Errors);
        writer.WriteNumber("completions", turn.Completions);
        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string key, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(key, Rounded(number));
        }
        else
        {
            writer.WriteNull(key);
        }
    }

    // a thousandth of a request or token is below any meaning; rounding keeps long series readable
    private static double Rounded(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    private static void WriteArray(Utf8JsonWriter writer, string key, IEnumerable<double> values)
    {
        writer.WriteStartArray(key);
        foreach (double value in values)
        {
            writer.WriteNumberValue(value);
        }
        writer.WriteEndArray();
    }
}
