using System.Globalization;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// Splits SLO text such as <c>ttft&lt;=500ms, tpot_p99 &lt; 0.05s</c> into terms: a lower-case
/// name, a comparison, a number and an optional unit (<c>ms</c>, <c>s</c> or <c>%</c>). Shared by
/// <see cref="RequestSlo"/> and <see cref="SloSet"/>, which give the names their meaning.
/// </summary>
internal static class SloTermParser
{
    // longest symbols first so "<=" is not read as "<" followed by "=500"
    private static readonly (string Symbol, SloComparison Comparison)[] s_operators =
    [
        ("<=", SloComparison.LessOrEqual),
        (">=", SloComparison.GreaterOrEqual),
        ("<", SloComparison.Less),
        (">", SloComparison.Greater),
    ];

    private static readonly string[] s_units = ["ms", "s", "%"];

    /// <summary>The terms that parsed; a problem with any term is added to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<SloTerm> Parse(string text, List<string> errors)
    {
        var terms = new List<SloTerm>();
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("SLO text is empty; expected terms like \"ttft<=500ms,tpot<=50ms\".");
            return terms;
        }
        foreach (string part in text.Split(','))
        {
            string termText = part.Trim();
            if (termText.Length == 0)
            {
                errors.Add($"SLO \"{text}\" has an empty term; separate terms with single commas.");
                continue;
            }
            if (TryParseTerm(termText, out SloTerm? term, out string? error))
            {
                terms.Add(term);
            }
            else
            {
                errors.Add(error);
            }
        }
        return terms;
    }

    private static bool TryParseTerm(
        string text,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SloTerm? term,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        term = null;
        foreach ((string symbol, SloComparison comparison) in s_operators)
        {
            int at = text.IndexOf(symbol, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            string name = text[..at].Trim().ToLowerInvariant();
            string valueText = text[(at + symbol.Length)..].Trim();
            string unit = s_units.FirstOrDefault(u => valueText.EndsWith(u, StringComparison.OrdinalIgnoreCase)) ?? "";
            string numberText = valueText[..^unit.Length].Trim();
            if (name.Length == 0)
            {
                error = $"SLO term \"{text}\" has no metric name before \"{symbol}\".";
                return false;
            }
            if (!double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                error = $"SLO term \"{text}\": \"{valueText}\" is not a number; expected e.g. 500ms, 0.5s or 99%.";
                return false;
            }
            term = new SloTerm(text, name, comparison, value, unit.ToLowerInvariant());
            error = null;
            return true;
        }
        error = $"SLO term \"{text}\" has no comparison; expected one of <=, <, >=, > as in \"ttft<=500ms\".";
        return false;
    }
}
