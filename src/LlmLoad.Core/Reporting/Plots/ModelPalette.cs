namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// One colour per model, keyed by the model's position in the study, so a model has the same
/// colour on every chart and in the report. The colours are the Okabe-Ito palette (distinct for
/// colour-blind readers), most saturated first; the ninth model starts over.
/// </summary>
public static class ModelPalette
{
    private static readonly string[] s_colors =
    [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow, last: faint on white
    ];

    /// <summary>The colour of the model at <paramref name="index"/> (0-based) as <c>#RRGGBB</c>.</summary>
    public static string HexColor(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return s_colors[index % s_colors.Length];
    }
}
