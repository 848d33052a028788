using System.Globalization;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>How sweep charts are drawn.</summary>
public sealed record ChartOptions
{
    public static ChartOptions Default { get; } = new();

    /// <summary>Space concurrency levels by their logarithm (16, 32, 64 equally apart), as ramps double.</summary>
    public bool LogConcurrencyAxis { get; init; } = true;

    public int WidthPixels { get; init; } = 900;

    public int HeightPixels { get; init; } = 500;

    /// <summary>Mark the knee, the breakpoint and the plateau on each model's request-throughput chart.</summary>
    public bool MarkVerdicts { get; init; } = true;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (WidthPixels is < 200 or > 8000)
        {
            problems.Add($"chart width {WidthPixels.ToString(CultureInfo.InvariantCulture)} px must be from 200 to 8000.");
        }
        if (HeightPixels is < 150 or > 8000)
        {
            problems.Add($"chart height {HeightPixels.ToString(CultureInfo.InvariantCulture)} px must be from 150 to 8000.");
        }
        return problems;
    }
}
