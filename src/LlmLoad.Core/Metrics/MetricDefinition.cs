using System.Globalization;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// One scalar of a <see cref="RunSummary"/>, named once for every exporter: its summary.json
/// <see cref="Key"/> (vLLM's where vLLM has the same metric), its labels, unit, legend and display format.
/// </summary>
public sealed record MetricDefinition
{
    /// <summary>The summary.json key, e.g. <c>mean_ttft_ms</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Row label in the result block, with unit, e.g. <c>Mean TTFT (ms)</c> (vLLM's wording where it has one).</summary>
    public required string Label { get; init; }

    /// <summary>Column header for tables, e.g. <c>Requests/s</c>; defaults to <see cref="Label"/>.</summary>
    public string? ShortLabel { get; init; }

    /// <summary>Unit of the value as stored (<c>ms</c>, <c>s</c>, <c>req/s</c>, <c>tok/s</c>, <c>tokens</c>, <c>requests</c>, <c>fraction</c>).</summary>
    public required string Unit { get; init; }

    /// <summary>One sentence saying what the number means (the legend).</summary>
    public required string Description { get; init; }

    /// <summary>Reads the value from a summary; null when it is undefined for that run.</summary>
    public required Func<RunSummary, double?> Accessor { get; init; }

    /// <summary>Decimals when displayed.</summary>
    public int Decimals { get; init; } = 2;

    /// <summary>True for whole numbers, which summary.json writes without a fraction.</summary>
    public bool IsCount { get; init; }

    /// <summary>Factor applied for display only, e.g. 100 to show a fraction as a percentage.</summary>
    public double DisplayScale { get; init; } = 1;

    /// <summary>What a table or block shows for an undefined value.</summary>
    public const string NotAvailable = "n/a";

    public string Header => ShortLabel ?? Label;

    public double? ValueOf(RunSummary summary) => Accessor(summary);

    /// <summary>The display text of this metric for <paramref name="summary"/>, culture-invariant.</summary>
    public string Format(RunSummary summary) => Format(ValueOf(summary));

    /// <summary>
    /// The display text of this metric over repeats: <c>mean ± half-width</c> of the 95% interval, or the mean alone when
    /// there is no interval (one repeat: never "± 0"); "n/a" for null.
    /// </summary>
    public string Format(RepeatStatistics? statistics) =>
        statistics?.HalfWidth95 is { } halfWidth ? $"{Format(statistics.Mean)} ± {Format(halfWidth)}" : Format(statistics?.Mean);

    /// <summary>The display text of a value of this metric, culture-invariant; "n/a" for null.</summary>
    public string Format(double? value) =>
        value is { } v && double.IsFinite(v)
            ? (v * DisplayScale).ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : NotAvailable;
}
