using System.Text.Json.Nodes;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// What a saved run or sweep measured, read from its configuration echo: the keys that must match for two results
/// to be compared. The model, the load level and the seed may differ (that is what a comparison is for); the API,
/// streaming, the prompts and the output lengths may not.
/// </summary>
public sealed record WorkloadIdentity(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The configuration keys (as in summary.json's <c>config</c>) that define the workload.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["endpoint", "stream", "ignore_eos", "dataset", "input_tokens", "output_tokens", "prefix_tokens", "tokenizer", "dataset_mix", "extra_body"];

    /// <summary>The workload of a configuration echo; null without one (a run killed before its summary).</summary>
    public static WorkloadIdentity? From(JsonObject? configuration) => configuration is null
        ? null
        : new WorkloadIdentity(Keys
            .Where(key => configuration[key] is not null)
            .ToDictionary(key => key, key => configuration[key]!.ToJsonString().Trim('"'), StringComparer.Ordinal));

    /// <summary>Each key whose value differs from <paramref name="reference"/>'s, as "output_tokens 5000 vs 100"; empty when equal.</summary>
    public IReadOnlyList<string> DifferencesFrom(WorkloadIdentity reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return [.. Keys
            .Where(key => Value(key) != reference.Value(key))
            .Select(key => $"{key} {Value(key) ?? "unset"} vs {reference.Value(key) ?? "unset"}")];
    }

    private string? Value(string key) => Values.TryGetValue(key, out var value) ? value : null;
}
