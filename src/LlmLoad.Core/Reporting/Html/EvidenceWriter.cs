using System.Globalization;
using System.Net;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>
/// Writes the evidence of each verdict of one analysis: the finding as a heading that unfolds
/// (HTML <c>details</c>, no script) to the criterion and every number compared; a check that
/// did not hold is marked.
/// </summary>
internal static class EvidenceWriter
{
    public static void Write(TextWriter writer, SweepAnalysis? analysis)
    {
        if (analysis is null)
        {
            writer.WriteLine("<p>Not analysed.</p>");
            return;
        }
        Verdict(writer, "Peak", analysis.Peak?.Evidence);
        Verdict(writer, "Knee", analysis.Knee?.Evidence);
        Confidence(writer, "Knee", analysis.Knee?.Confidence);
        Verdict(writer, "Breakpoint", analysis.Breakpoint.Evidence);
        Confidence(writer, "Breakpoint", analysis.Breakpoint.Confidence);
        Verdict(writer, "Plateau", analysis.Plateau?.Evidence);
        foreach (UnstableLevel level in analysis.UnstableLevels)
        {
            writer.WriteLine($"<p><strong>Unstable</strong>: {Encode(level.Finding)}</p>");
        }
        Verdict(writer, "Max concurrency within SLO", analysis.MaxConcurrencyWithinSlo?.Evidence);
        Verdict(writer, "Max goodput", analysis.GoodputPeak?.Evidence);
        Verdict(writer, "Max concurrency at the SLO attainment target", analysis.MaxConcurrencyAtAttainment?.Evidence);
    }

    private static void Verdict(TextWriter writer, string name, SweepEvidence? evidence)
    {
        if (evidence is null)
        {
            return;
        }
        writer.WriteLine($"<details><summary><strong>{Encode(name)}</strong>: {Encode(evidence.Finding)}</summary>");
        writer.WriteLine($"<p class=\"legend\">Criterion: {Encode(evidence.Criterion)}.</p>");
        writer.WriteLine("<div class=\"table\"><table><thead><tr><th scope=\"col\">Concurrency</th><th scope=\"col\">Metric</th>"
            + "<th scope=\"col\">Value</th><th scope=\"col\">Check</th><th scope=\"col\">Holds</th></tr></thead><tbody>");
        foreach (SweepObservation o in evidence.Observations)
        {
            string check = o.Comparison + " " + HtmlReport.FormatValue(o.Metric, o.Threshold);
            writer.WriteLine($"<tr class=\"holds-{(o.Holds ? "true" : "false")}\"><th scope=\"row\">{o.Concurrency.ToString(CultureInfo.InvariantCulture)}</th><td>{Encode(o.Metric)}</td>"
                + $"<td class=\"num\">{Encode(HtmlReport.FormatValue(o.Metric, o.Value))}</td><td>{Encode(check)}</td><td>{(o.Holds ? "yes" : "no")}</td></tr>");
        }
        writer.WriteLine("</tbody></table></div></details>");
    }

    /// <summary>How firm a verdict is over repeats (a repeated sweep only), with the intervals it compared.</summary>
    private static void Confidence(TextWriter writer, string name, VerdictConfidence? confidence)
    {
        if (confidence is not null)
        {
            writer.WriteLine($"<p class=\"legend\">{Encode(name)} is {Encode(confidence.Label)}: {Encode(confidence.Evidence)}</p>");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
