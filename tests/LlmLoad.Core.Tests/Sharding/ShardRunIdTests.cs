using System.Text.Json.Nodes;
using LlmLoad.Core.Sharding;

namespace LlmLoad.Core.Tests.Sharding;

public sealed class ShardRunIdTests
{
    [Fact]
    public void Identical_command_lines_derive_the_same_run_id_and_a_different_configuration_another()
    {
        // given
        JsonObject Configuration(int concurrency) => new() { ["model"] = "m", ["concurrency"] = concurrency };

        // when
        var first = ShardRunId.Derive("2026-03-02T14:00:00Z", Configuration(64));
        var again = ShardRunId.Derive("2026-03-02T14:00:00Z", Configuration(64));
        var otherLoad = ShardRunId.Derive("2026-03-02T14:00:00Z", Configuration(65));
        var otherStart = ShardRunId.Derive("2026-03-02T14:05:00Z", Configuration(64));

        // then
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherLoad);
        Assert.NotEqual(first, otherStart);
        Assert.Matches("^run-[0-9a-f]{12}$", first);
    }
}
