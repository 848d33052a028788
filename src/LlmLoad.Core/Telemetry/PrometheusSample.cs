namespace LlmLoad.Core.Telemetry;

/// <summary>
/// One sample line of a Prometheus exposition: <c>name{label="value",...} value [timestamp_ms]</c>.
/// Labels keep the order of the line; <see cref="Key"/> sorts them so the same series matches across scrapes.
/// </summary>
public sealed record PrometheusSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long? TimestampMs = null)
{
    /// <summary>The series identity, <c>name{a="1",b="2"}</c> with labels sorted by name (just the name without labels).</summary>
    public string Key { get; } = Labels.Count == 0 ? Name
        : Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    /// <summary>The value of label <paramref name="name"/>, or null when the sample has no such label.</summary>
    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Key == name)
            {
                return label.Value;
            }
        }
        return null;
    }
}
