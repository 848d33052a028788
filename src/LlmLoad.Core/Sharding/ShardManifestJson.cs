using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Sharding;

/// <summary>Writes and reads <c>shard.json</c> (<see cref="ShardManifest"/>), in one format.</summary>
public static class ShardManifestJson
{
    public static void Write(Stream stream, ShardManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("run_id", manifest.RunId);
        writer.WriteString("shard", manifest.Shard.ToString());
        writer.WriteNumber("shard_index", manifest.Shard.Index);
        writer.WriteNumber("shard_count", manifest.Shard.Count);
        writer.WriteString("host", manifest.Host);
        writer.WriteString("start_at", Time(manifest.StartAt));
        writer.WriteString("load_started_at", Time(manifest.LoadStartedAt));
        writer.WriteNumber("start_offset_ms", Math.Round(manifest.StartOffsetMs, 3));
        writer.WriteNumber("origin_unix_ms", manifest.OriginUnixMs);
        writer.WriteStartObject("share");
        SummaryScalarsJson.WriteNumber(writer, "concurrency", manifest.Share.Concurrency);
        SummaryScalarsJson.WriteNumber(writer, "request_rate", manifest.Share.RequestsPerSecond);
        SummaryScalarsJson.WriteNumber(writer, "num_requests", manifest.Share.NumRequests);
        writer.WriteNumber("warmup_requests", manifest.Share.WarmupRequests);
        if (manifest.Share.NumSessions is { } sessions)
        {
            writer.WriteNumber("num_sessions", sessions);
        }
        writer.WriteEndObject();
        if (manifest.ClientHealth is { } health)
        {
            SummaryJsonWriter.WriteClientHealth(writer, health);
        }
        writer.WritePropertyName("config");
        manifest.Configuration.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <exception cref="FormatException">The file is not a shard.json.</exception>
    public static ShardManifest Read(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new FormatException($"{path} must hold one JSON object.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"{path} is not valid JSON (a shard still writing, or a torn copy): {error.Message}", error);
        }
        string Text(string key) => root[key] is JsonValue value && value.TryGetValue(out string? text)
            ? text : throw new FormatException($"{path} has no \"{key}\".");
        DateTimeOffset At(string key) => DateTimeOffset.Parse(Text(key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var shard = ShardSpec.TryParse(Text("shard"), out var problem) ?? throw new FormatException($"{path} \"shard\" {problem}");
        var share = root["share"] as JsonObject ?? [];
        return new ShardManifest(
            Text("run_id"),
            shard,
            Text("host"),
            At("start_at"),
            At("load_started_at"),
            JsonNumber.Read(root["origin_unix_ms"]) ?? throw new FormatException($"{path} has no \"origin_unix_ms\"."),
            new ShardShare(
                (int?)JsonNumber.Read(share["concurrency"]),
                JsonNumber.Read(share["request_rate"]),
                (int?)JsonNumber.Read(share["num_requests"]),
                (int)(JsonNumber.Read(share["warmup_requests"]) ?? 0))
            {
                NumSessions = (int?)JsonNumber.Read(share["num_sessions"]),
            },
            ClientHealthJson.Read(root, capReached: null),
            root["config"] as JsonObject ?? throw new FormatException($"{path} has no \"config\"."));
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
