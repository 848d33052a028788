namespace LlmLoad.Core.Sweep;

/// <summary>
/// How firmly the repeats of a sweep support a verdict (knee or breakpoint): <see cref="Certain"/> when the 95%
/// confidence intervals of the levels it compared lie wholly on their sides of the threshold, "within noise" when
/// an interval straddles it (another set of repeats could have put the verdict at a neighbouring level), with the
/// intervals as <see cref="Evidence"/>. Verdicts of a sweep measured once carry none.
/// </summary>
public sealed record VerdictConfidence(bool Certain, string Evidence)
{
    public const string CertainLabel = "certain";
    public const string WithinNoiseLabel = "within noise";

    /// <summary><c>certain</c> or <c>within noise</c>, as sweep.json and the report write it.</summary>
    public string Label => Certain ? CertainLabel : WithinNoiseLabel;

    /// <summary>The confidence a label names; null for any other text.</summary>
    public static bool? ParseLabel(string? label) => label switch
    {
        CertainLabel => true,
        WithinNoiseLabel => false,
        _ => null,
    };
}
