using System.Globalization;
using System.Text;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// Per-request latency thresholds in milliseconds for goodput (vLLM's <c>--goodput</c>, plus ITL),
/// parsed from text like <c>ttft&lt;=500,tpot&lt;=50ms,e2el&lt;=10s,itl&lt;=200</c> or vLLM's own spelling
/// <c>ttft:500 tpot:50 e2el:10000</c> (milliseconds). A request is good when it succeeded and meets
/// every given threshold (inclusive, as vLLM):
/// <list type="bullet">
/// <item><c>ttft</c>, <c>e2el</c>: the request's TTFT / E2EL.</item>
/// <item><c>tpot</c>: the request's TPOT; a one-token output has none and passes (vLLM counts it as 0).</item>
/// <item><c>itl</c>: the request's largest gap between events, so one long stall fails it; a request with a single event passes.</item>
/// </list>
/// </summary>
public sealed record RequestSlo
{
    public double? TtftMs { get; init; }

    public double? TpotMs { get; init; }

    /// <summary>The longest allowed gap between two text-carrying events of one request.</summary>
    public double? ItlMs { get; init; }

    public double? E2elMs { get; init; }

    /// <summary>The metrics that have a threshold, in summary.json order.</summary>
    public IReadOnlyList<RequestSloMetric> Metrics => [.. RequestSloMetricNames.All.Where(m => ThresholdMs(m) is not null)];

    /// <summary>The metrics with a threshold that only a stream measures (<see cref="MetricCatalog.NeedsStream"/>): TTFT, TPOT, ITL.</summary>
    public IReadOnlyList<RequestSloMetric> StreamOnlyMetrics() =>
        [.. Metrics.Where(m => MetricCatalog.NeedsStream(MetricCatalog.LatencyKey("mean", m.ToName())))];

    /// <summary>The threshold of <paramref name="metric"/> in ms; null when it has none.</summary>
    public double? ThresholdMs(RequestSloMetric metric) => metric switch
    {
        RequestSloMetric.Ttft => TtftMs,
        RequestSloMetric.Tpot => TpotMs,
        RequestSloMetric.Itl => ItlMs,
        RequestSloMetric.E2el => E2elMs,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a request SLO metric"),
    };

    /// <summary>Whether the (successful) request meets every threshold that is set.</summary>
    public bool IsMetBy(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsSuccess && RequestSloMetricNames.All.All(metric => Meets(record, metric));
    }

    /// <summary>
    /// Whether the request meets the threshold of <paramref name="metric"/> alone (for per-term
    /// attainment): a failed request never does; a metric without a threshold is met by any success.
    /// </summary>
    public bool IsMetBy(RequestRecord record, RequestSloMetric metric)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsSuccess && Meets(record, metric);
    }

    /// <summary>
    /// Parses <c>name&lt;=value[ms|s]</c> terms separated by commas, or vLLM's <c>name:milliseconds</c>
    /// terms separated by spaces or commas; names are ttft, tpot, itl, e2el.
    /// Returns false with every problem found when the text is not valid.
    /// </summary>
    public static bool TryParse(string text, out RequestSlo? slo, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var result = new RequestSlo();
        var seen = new HashSet<string>();
        foreach (SloTerm term in ParseTerms(text, problems))
        {
            if (term.Comparison != SloComparison.LessOrEqual)
            {
                problems.Add($"goodput SLO \"{term.Text}\" must use \"<=\" (a request is good when its latency is at most the threshold).");
                continue;
            }
            if (term.ValueMs is not { } valueMs || valueMs < 0)
            {
                problems.Add($"goodput SLO \"{term.Text}\" needs a non-negative time in ms or s, e.g. \"{term.Name}<=500ms\".");
                continue;
            }
            if (!seen.Add(term.Name))
            {
                problems.Add($"goodput SLO \"{text}\" names \"{term.Name}\" twice; give each metric once.");
                continue;
            }
            switch (term.Name)
            {
                case "ttft": result = result with { TtftMs = valueMs }; break;
                case "tpot": result = result with { TpotMs = valueMs }; break;
                case "itl": result = result with { ItlMs = valueMs }; break;
                case "e2el": result = result with { E2elMs = valueMs }; break;
                default:
                    problems.Add($"goodput SLO \"{term.Text}\": unknown metric \"{term.Name}\"; expected ttft, tpot, itl or e2el.");
                    break;
            }
        }
        errors = problems;
        slo = problems.Count == 0 ? result : null;
        return slo is not null;
    }

    /// <summary>The canonical text form, e.g. <c>ttft&lt;=500ms,tpot&lt;=50ms</c>, which <see cref="TryParse"/> reads back.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, "ttft", TtftMs);
        Append(text, "tpot", TpotMs);
        Append(text, "itl", ItlMs);
        Append(text, "e2el", E2elMs);
        return text.ToString();
    }

    // comma-separated parts in vLLM's spelling go to its parser, the others to ours, so the two may be mixed
    private static List<SloTerm> ParseTerms(string text, List<string> problems)
    {
        string[] parts = text.Split(',');
        if (!parts.Any(IsVllmSpelling))
        {
            return [.. SloTermParser.Parse(text, problems)];
        }
        List<SloTerm> terms = ParseVllmTerms(string.Join(' ', parts.Where(IsVllmSpelling)), problems);
        // an empty part next to vLLM terms ("ttft:500,,tpot:50") is only a separator
        string[] ours = [.. parts.Where(p => !IsVllmSpelling(p) && p.Trim().Length > 0)];
        if (ours.Length > 0)
        {
            terms.AddRange(SloTermParser.Parse(string.Join(',', ours), problems));
        }
        return terms;
    }

    // vLLM's --goodput: KEY:VALUE terms with no comparison sign
    private static bool IsVllmSpelling(string part) => part.Contains(':', StringComparison.Ordinal) && part.IndexOfAny(['<', '>', '=']) < 0;

    private static List<SloTerm> ParseVllmTerms(string text, List<string> problems)
    {
        var terms = new List<SloTerm>();
        foreach (string part in text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double valueMs)
                || !double.IsFinite(valueMs))
            {
                problems.Add($"goodput SLO \"{part}\" must be KEY:MILLISECONDS as vLLM writes it (e.g. \"ttft:500\"), or KEY<=TIME (e.g. \"ttft<=500ms\").");
                continue;
            }
            terms.Add(new SloTerm(part, part[..colon].Trim().ToLowerInvariant(), SloComparison.LessOrEqual, valueMs, "ms"));
        }
        return terms;
    }

    private bool Meets(RequestRecord record, RequestSloMetric metric) => metric switch
    {
        RequestSloMetric.Ttft => Meets(RequestLatency.TtftMs(record), TtftMs, undefinedPasses: false),
        RequestSloMetric.Tpot => Meets(RequestLatency.TpotMs(record), TpotMs, undefinedPasses: true),
        RequestSloMetric.Itl => Meets(RequestLatency.MaxItlMs(record), ItlMs, undefinedPasses: true),
        RequestSloMetric.E2el => Meets(RequestLatency.E2elMs(record), E2elMs, undefinedPasses: false),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a request SLO metric"),
    };

    private static bool Meets(double? valueMs, double? thresholdMs, bool undefinedPasses) =>
        thresholdMs is not { } threshold || (valueMs is { } value ? value <= threshold : undefinedPasses);

    private static void Append(StringBuilder text, string name, double? valueMs)
    {
        if (valueMs is not { } value)
        {
            return;
        }
        if (text.Length > 0)
        {
            text.Append(',');
        }
        text.Append(name).Append("<=").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append("ms");
    }
}
