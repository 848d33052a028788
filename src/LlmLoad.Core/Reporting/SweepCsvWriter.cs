using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes sweep.csv: a header, then one row per level in concurrency order. Columns:
/// <c>concurrency</c>, <c>repeats</c>, every <see cref="MetricCatalog"/> key (the level's summary),
/// then the mean, sample std, min, max and 95% confidence half-width over repeats of request and output
/// throughput (with one repeat: the value, 0, the value, the value and an empty half-width: no interval). Numbers are culture-invariant and round-trip
/// (<c>R</c>); an undefined value is an empty field. Lines end in <c>\n</c>.
/// </summary>
public static class SweepCsvWriter
{
    public const string FileName = "sweep.csv";

    private static readonly string[] s_spreadColumns = ["mean", "std", "min", "max", "ci95_half_width"];

    /// <summary>The header fields in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "concurrency",
        "repeats",
        .. MetricCatalog.All.Select(m => m.Key),
        .. s_spreadColumns.Select(s => "request_throughput_" + s),
        .. s_spreadColumns.Select(s => "output_throughput_" + s),
    ];

    public static void Write(TextWriter writer, IReadOnlyList<SweepLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(levels);
        writer.Write(string.Join(",", Columns));
        writer.Write('\n');
        foreach (SweepLevel level in levels.OrderBy(l => l.Concurrency))
        {
            IEnumerable<string> fields =
            [
                level.Concurrency.ToString(CultureInfo.InvariantCulture),
                Math.Max(1, level.Repeats.Count).ToString(CultureInfo.InvariantCulture),
                .. MetricCatalog.All.Select(m => Field(m.ValueOf(level.Summary), m.IsCount)),
                .. Spread(level.RequestThroughput),
                .. Spread(level.OutputThroughput),
            ];
            writer.Write(string.Join(",", fields));
            writer.Write('\n');
        }
    }

    private static IEnumerable<string> Spread(RepeatStatistics? spread) =>
        spread is null
            ? s_spreadColumns.Select(_ => "")
            : [Field(spread.Mean), Field(spread.Std), Field(spread.Min), Field(spread.Max), Field(spread.HalfWidth95)];

    private static string Field(double? value, bool isCount = false) =>
        value is not { } v || !double.IsFinite(v) ? ""
        : isCount ? ((long)v).ToString(CultureInfo.InvariantCulture)
        : v.ToString("R", CultureInfo.InvariantCulture);
}
