using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// The <c>client_health</c> of a merged run's summary.json: one client per shard, so not one set of figures but the
/// run id, a block per shard (its identity, share, throughput, start offset and its own <c>client_health</c>, as in its
/// shard.json) and the warnings where the shards disagree. Read back, it gives the per-shard table again, so
/// <c>llmload report</c> on a merged directory draws the same Shards section the merge drew.
/// </summary>
public static class MergedClientHealthJson
{
    public static JsonObject Build(MergedRun merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var shards = new JsonArray();
        foreach (var row in merged.Shards)
        {
            var block = new JsonObject
            {
                ["shard"] = row.Shard.ToString(),
                ["host"] = row.Host,
                ["concurrency"] = row.Users,
                ["request_rate"] = row.RateShare,
                ["completed"] = row.Completed,
                ["failed"] = row.Failed,
                ["request_throughput"] = row.RequestsPerSecond,
                ["output_throughput"] = row.OutputTokensPerSecond,
                ["start_offset_ms"] = Math.Round(row.StartOffsetMs, 3),
            };
            if (row.ClientHealth is { } health)
            {
                block[ClientHealthJson.Key] = HealthBlock(health);
            }
            shards.Add(block);
        }
        return new JsonObject
        {
            ["run_id"] = merged.RunId,
            ["shards"] = shards,
            ["warnings"] = new JsonArray([.. merged.Warnings.Select(warning => JsonValue.Create(warning))]),
        };
    }

    /// <summary>The per-shard table saved in a merged run's summary.json; null when the summary is not a merged run's.</summary>
    /// <exception cref="FormatException">A shard's block has no valid <c>shard</c>.</exception>
    public static ReportTable? ReadTable(JsonObject summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary[ClientHealthJson.Key] is not JsonObject block || block["shards"] is not JsonArray shards)
        {
            return null;
        }
        var rows = shards.OfType<JsonObject>().Select(Row).ToList();
        return ShardTable.Build(Text(block["run_id"]) ?? "", rows, Texts(block["warnings"]));
    }

    /// <summary>The per-shard table of the merged run in <paramref name="directory"/>; null when it holds no merged run's summary.json.</summary>
    public static ReportTable? ReadTable(string directory)
    {
        var path = Path.Combine(directory, SavedRun.SummaryFileName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) is JsonObject summary ? ReadTable(summary) : null;
        }
        catch (JsonException error)
        {
            throw new FormatException($"{path} is not valid JSON: {error.Message}", error);
        }
    }

    private static ShardRow Row(JsonObject block)
    {
        var shard = ShardSpec.TryParse(Text(block["shard"]) ?? "", out var problem) ?? throw new FormatException($"a shard of client_health.shards: \"shard\" {problem}");
        var health = block[ClientHealthJson.Key] as JsonObject;
        return new ShardRow(shard, Text(block["host"]) ?? "", (int?)JsonNumber.Read(block["concurrency"]), JsonNumber.Read(block["request_rate"]),
            (int)(JsonNumber.Read(block["completed"]) ?? 0), (int)(JsonNumber.Read(block["failed"]) ?? 0),
            JsonNumber.Read(block["request_throughput"]), JsonNumber.Read(block["output_throughput"]),
            JsonNumber.Read(health?["cpu_fraction_of_machine"]), JsonNumber.Read(block["start_offset_ms"]) ?? 0,
            // the warnings as the shard gave them: its machine's core count is in their text
            Texts(health?["warnings"]))
        {
            ClientHealth = ClientHealthJson.Read(block, capReached: null),
        };
    }

    /// <summary>The shard's client health in the block <see cref="SummaryJsonWriter"/> writes for a single run.</summary>
    private static JsonNode HealthBlock(Metrics.ClientHealth health)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            SummaryJsonWriter.WriteClientHealth(writer, health);
            writer.WriteEndObject();
        }
        return JsonNode.Parse(buffer.ToArray())![ClientHealthJson.Key]!.DeepClone();
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static List<string> Texts(JsonNode? node) => node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];
}
