using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class SweepCsvWriterTests
{
    private static string Render(IReadOnlyList<SweepLevel> levels)
    {
        var writer = new StringWriter();
        SweepCsvWriter.Write(writer, levels);
        return writer.ToString();
    }

    [Fact]
    public void The_golden_sweep_writes_the_checked_in_csv()
    {
        string csv = Render(GoldenSweep.Levels);

        GoldenFile.AssertMatches("sweep.csv", csv);
    }

    [Fact]
    public void The_csv_is_the_same_under_a_comma_decimal_culture()
    {
        string csv = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => Render(GoldenSweep.Levels));

        GoldenFile.AssertMatches("sweep.csv", csv, mayUpdate: false);
    }

    [Fact]
    public void Every_row_has_one_field_per_column_and_rows_follow_concurrency()
    {
        SweepLevel[] shuffled = [GoldenSweep.Levels[2], GoldenSweep.Levels[0], GoldenSweep.Levels[3], GoldenSweep.Levels[1]];

        string[] lines = Render(shuffled).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.Equal(SweepCsvWriter.Columns.Count, line.Split(',').Length));
        Assert.Equal(["16", "32", "64", "128"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(2 + MetricCatalog.All.Count + 10, SweepCsvWriter.Columns.Count);
    }

    [Fact]
    public void A_repeated_level_shows_its_repeat_count_and_spread()
    {
        string[] row = Render([GoldenSweep.Levels[1]]).Split('\n')[1].Split(',');

        string Field(string column) => row[SweepCsvWriter.Columns.ToList().IndexOf(column)];

        Assert.Equal("3", Field("repeats"));
        Assert.Equal("18", Field("request_throughput_min"));
        Assert.Equal("22", Field("request_throughput_max"));
        Assert.Equal("2", Field("request_throughput_std")); // sample std of 18, 22, 20
        Assert.StartsWith("4.9682", Field("request_throughput_ci95_half_width"), StringComparison.Ordinal); // t(0.975, 2) x 2 / sqrt 3
        Assert.Equal("20", Field("request_throughput")); // the median repeat's own value
        Assert.Equal("", Field("mean_itl_ms")); // undefined
    }
}
