using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLoad.Core.Reporting;

/// <summary>The <c>started_at</c> field of summary.json, sweep.json and study.json: written and read in one format.</summary>
internal static class StartedAtJson
{
    public const string Key = "started_at";

    public static void Write(Utf8JsonWriter writer, DateTimeOffset startedAt) =>
        writer.WriteString(Key, startedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>The saved start time; the Unix epoch when the field is missing or not a time.</summary>
    public static DateTimeOffset Read(JsonObject root) =>
        root[Key] is JsonValue value && value.TryGetValue(out string? text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.UnixEpoch;
}
