using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Tests.Metrics;

namespace LlmLoad.Core.Tests.Sharding;

public sealed class MergedClientHealthJsonTests
{
    private static string Markdown(ReportTable table)
    {
        using var text = new StringWriter();
        MarkdownTableWriter.Write(text, table);
        return text.ToString();
    }

    [Fact]
    public void The_per_shard_table_read_back_from_the_block_is_the_merges_own()
    {
        // given two shards, the second one's client saturated and late
        var saturated = new ClientHealth(0.97, 2.5, 1, 2, null);
        var merged = ShardMerger.Merge(
        [
            ShardMergerTests.Shard(0, 2, 0, [Records.Ok(0, [100, 110], 2, index: 0)], health: new ClientHealth(0.2, 1.5, 1, 2, null)),
            ShardMergerTests.Shard(1, 2, 0, [Records.Ok(0, [100, 110], 2, index: 1)], health: saturated, startOffsetMs: 900),
        ]);

        // when the block is written and read back
        var block = MergedClientHealthJson.Build(merged);
        var table = MergedClientHealthJson.ReadTable(new JsonObject { ["client_health"] = JsonNode.Parse(block.ToJsonString()) });

        // then the same table, warnings included, and each shard's own client health in full
        Assert.NotNull(table);
        Assert.NotEmpty(merged.Warnings);
        Assert.Equal(Markdown(ShardTable.Build(merged)), Markdown(table));
        Assert.Equal(0.97, block["shards"]![1]!["client_health"]!["cpu_fraction_of_machine"]!.GetValue<double>());
        Assert.Equal(saturated.Warnings(), block["shards"]![1]!["client_health"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
    }

    [Fact]
    public void A_single_runs_summary_has_no_per_shard_table()
    {
        // given one process's client_health
        var summary = new JsonObject { ["client_health"] = new JsonObject { ["cpu_fraction_of_machine"] = 0.2, ["warnings"] = new JsonArray() } };

        // then
        Assert.Null(MergedClientHealthJson.ReadTable(summary));
        Assert.Null(MergedClientHealthJson.ReadTable(new JsonObject()));
    }
}
