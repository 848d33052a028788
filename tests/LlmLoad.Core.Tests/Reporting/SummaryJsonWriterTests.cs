using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class SummaryJsonWriterTests
{
    private static readonly DateTimeOffset s_startedAt = new(2026, 11, 28, 14, 30, 5, 250, TimeSpan.FromHours(1));

    private static string Render(RunSummary summary, JsonObject? configuration = null)
    {
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, summary, configuration, "0.1.0-test", s_startedAt);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonObject Configuration() => new()
    {
        ["target"] = "http://127.0.0.1:8000/v1",
        ["model"] = "llama-8b",
        ["concurrency"] = 4,
        ["headers"] = new JsonObject { ["Authorization"] = "[redacted]" },
    };

    [Fact]
    public void The_golden_run_writes_the_checked_in_summary()
    {
        RunSummary summary = GoldenRun.Summary;

        string json = Render(summary, Configuration());

        GoldenFile.AssertMatches("summary.json", json);
    }

    [Fact]
    public void The_summary_is_the_same_under_a_comma_decimal_culture()
    {
        RunSummary summary = GoldenRun.Summary;

        string json = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => Render(summary, Configuration()));

        GoldenFile.AssertMatches("summary.json", json, mayUpdate: false);
    }

    [Fact]
    public void Every_catalogue_key_is_written_with_its_value_or_null()
    {
        RunSummary empty = RunSummarizer.Summarize([], SummaryOptions.Default);

        JsonObject root = JsonNode.Parse(Render(empty))!.AsObject();

        Assert.All(MetricCatalog.All, m => Assert.True(root.ContainsKey(m.Key), m.Key));
        Assert.Equal(JsonValueKind.Null, root["mean_ttft_ms"]?.GetValueKind() ?? JsonValueKind.Null);
        Assert.Equal(0, root["completed"]!.GetValue<long>());
        Assert.Empty(root[MetricCatalog.ErrorsKey]!.AsObject());
    }

    [Fact]
    public void The_header_carries_tool_version_utc_start_and_the_configuration_as_given()
    {
        RunSummary summary = GoldenRun.Summary;

        JsonObject root = JsonNode.Parse(Render(summary, Configuration()))!.AsObject();

        Assert.Equal("llmload", root["tool"]!.GetValue<string>());
        Assert.Equal("0.1.0-test", root["tool_version"]!.GetValue<string>());
        Assert.Equal("2026-11-28T13:30:05.250Z", root["started_at"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Configuration(), root["config"]));
    }

    [Fact]
    public void Values_round_trip_through_the_file()
    {
        RunSummary summary = GoldenRun.Summary;

        JsonObject root = JsonNode.Parse(Render(summary))!.AsObject();

        Assert.Equal(summary.Ttft.P99, root["p99_ttft_ms"]!.GetValue<double>());
        Assert.Equal(summary.OutputTokensPerSecond, root["output_throughput"]!.GetValue<double>());
        Assert.Equal(2, root[MetricCatalog.ErrorsKey]!["http_status"]!.GetValue<int>());
        Assert.Equal(1, root[MetricCatalog.ErrorsByStatusKey]!["http_status 503"]!.GetValue<int>());
        Assert.Equal(summary.TimeSeries.BucketCount, root[MetricCatalog.TimeSeriesKey]!["completions"]!.AsArray().Count);
    }

    [Fact]
    public void A_merged_runs_per_shard_client_health_is_written_as_given_where_one_clients_would_be()
    {
        // given a merged run's client_health: one block per shard, not one client's figures
        var shards = new JsonObject
        {
            ["run_id"] = "run-1",
            ["shards"] = new JsonArray(new JsonObject { ["shard"] = "0/2", ["host"] = "a", ["start_offset_ms"] = 1.5 }),
            ["warnings"] = new JsonArray("shard 1/2 (b) started late <1 s>"),
        };
        using var single = new MemoryStream();
        SummaryJsonWriter.Write(single, GoldenRun.Summary, null, "0.1.0-test", s_startedAt, clientHealth: new ClientHealth(0.2, 1.5, 1, 2, null));

        // when
        using var merged = new MemoryStream();
        SummaryJsonWriter.Write(merged, GoldenRun.Summary, null, "0.1.0-test", s_startedAt, shardsClientHealth: shards);

        // then the block as given, in the place a single run's has its own, its text unescaped as the rest of the file's
        JsonObject root = JsonNode.Parse(merged.ToArray())!.AsObject();
        Assert.True(JsonNode.DeepEquals(shards, root["client_health"]));
        Assert.Equal(JsonNode.Parse(single.ToArray())!.AsObject().Select(p => p.Key), root.Select(p => p.Key));
        Assert.Contains("started late <1 s>", Encoding.UTF8.GetString(merged.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void One_clients_health_and_a_per_shard_block_are_not_both_written()
    {
        using var stream = new MemoryStream();

        var refused = Assert.Throws<ArgumentException>(() => SummaryJsonWriter.Write(stream, GoldenRun.Summary, null, "0.1.0-test", s_startedAt,
            clientHealth: new ClientHealth(0.2, 1.5, 1, 2, null), shardsClientHealth: []));

        Assert.Equal("shardsClientHealth", refused.ParamName);
    }
}
