using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// The run id shards agree on without talking to each other: when <c>--run-id</c> is not given, a digest of the
/// <c>--start-at</c> text and the run's configuration, so identical command lines on N machines name the same run and
/// a shard started with a different configuration names another one.
/// </summary>
public static class ShardRunId
{
    public static string Derive(string startAtText, JsonObject configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(startAtText + "\n" + configuration.ToJsonString()));
        return "run-" + Convert.ToHexStringLower(digest)[..12];
    }
}
