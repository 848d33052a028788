using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The <c>analysis</c> object of sweep.json, both ways. Every verdict is an object with its
/// numbers and an <c>evidence</c> object (<c>criterion</c>, <c>finding</c>, <c>observations</c>);
/// a verdict that does not exist (no peak when nothing completed, no SLO given, no <c>--goodput</c>) is null, and a
/// breakpoint that was not reached has <c>"concurrency": null</c>. The options are written too, so
/// a reader knows the thresholds behind the verdicts.
/// </summary>
internal static class SweepAnalysisJson
{
    public static void Write(Utf8JsonWriter writer, SweepAnalysis analysis)
    {
        writer.WriteStartObject();
        SweepAnalysisOptions options = analysis.Options;
        writer.WriteStartObject("options");
        writer.WriteNumber("knee_fraction", options.KneeFraction);
        writer.WriteNumber("min_success_rate", options.MinSuccessRate);
        writer.WriteNumber("max_decline_fraction", options.MaxDeclineFraction);
        writer.WriteString("slo", options.Slo?.ToString());
        writer.WriteBoolean("slo_requires_success_rate", options.SloRequiresSuccessRate);
        writer.WriteNumber("min_slo_attainment", options.MinSloAttainment);
        writer.WriteEndObject();

        Verdict(writer, "peak", analysis.Peak, p =>
        {
            writer.WriteNumber("concurrency", p.Concurrency);
            writer.WriteNumber("request_throughput", p.RequestThroughput);
            SummaryScalarsJson.WriteNumber(writer, "output_throughput", p.OutputThroughput);
            writer.WriteNumber("output_peak_concurrency", p.OutputPeakConcurrency);
            writer.WriteNumber("peak_output_throughput", p.PeakOutputThroughput);
            Evidence(writer, p.Evidence);
        });
        Verdict(writer, "knee", analysis.Knee, k =>
        {
            writer.WriteNumber("concurrency", k.Concurrency);
            writer.WriteNumber("request_throughput", k.RequestThroughput);
            writer.WriteNumber("threshold", k.Threshold);
            Evidence(writer, k.Evidence);
            Confidence(writer, k.Confidence);
        });
        Verdict(writer, "breakpoint", analysis.Breakpoint, b =>
        {
            SummaryScalarsJson.WriteNumber(writer, "concurrency", b.Concurrency);
            writer.WriteString("cause", b.Cause switch
            {
                BreakpointCause.SuccessRate => "success_rate",
                BreakpointCause.ThroughputDecline => "throughput_decline",
                _ => null,
            });
            Evidence(writer, b.Evidence);
            Confidence(writer, b.Confidence);
        });
        Verdict(writer, "plateau", analysis.Plateau, p =>
        {
            writer.WriteNumber("from_concurrency", p.FromConcurrency);
            writer.WriteNumber("to_concurrency", p.ToConcurrency);
            writer.WriteNumber("min_request_throughput", p.MinRequestThroughput);
            writer.WriteNumber("max_request_throughput", p.MaxRequestThroughput);
            if (p.Evidence is { } evidence)
            {
                Evidence(writer, evidence);
            }
        });
        Verdict(writer, "max_concurrency_within_slo", analysis.MaxConcurrencyWithinSlo, s =>
        {
            SummaryScalarsJson.WriteNumber(writer, "concurrency", s.Concurrency);
            SummaryScalarsJson.WriteNumber(writer, "goodput", s.Goodput);
            writer.WriteString("slo", s.Slo);
            Evidence(writer, s.Evidence);
        });
        Verdict(writer, "max_goodput", analysis.GoodputPeak, g =>
        {
            SummaryScalarsJson.WriteNumber(writer, "concurrency", g.Concurrency);
            SummaryScalarsJson.WriteNumber(writer, "request_goodput", g.Goodput);
            SummaryScalarsJson.WriteNumber(writer, "slo_attainment", g.SloAttainment);
            writer.WriteString("goodput_slo", g.Slo);
            Evidence(writer, g.Evidence);
        });
        Verdict(writer, "max_concurrency_at_attainment", analysis.MaxConcurrencyAtAttainment, a =>
        {
            SummaryScalarsJson.WriteNumber(writer, "concurrency", a.Concurrency);
            SummaryScalarsJson.WriteNumber(writer, "slo_attainment", a.SloAttainment);
            SummaryScalarsJson.WriteNumber(writer, "request_goodput", a.Goodput);
            writer.WriteNumber("target", a.Target);
            writer.WriteString("goodput_slo", a.Slo);
            Evidence(writer, a.Evidence);
        });
        if (analysis.UnstableLevels.Count > 0)
        {
            writer.WriteStartArray("unstable_levels");
            foreach (UnstableLevel level in analysis.UnstableLevels)
            {
                writer.WriteStartObject();
                writer.WriteNumber("concurrency", level.Concurrency);
                writer.WriteNumber("repeat", level.Repeat);
                writer.WriteNumber("repeat_success_rate", level.RepeatSuccessRate);
                writer.WriteNumber("others_success_rate", level.OthersSuccessRate);
                writer.WriteString("finding", level.Finding);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteString("reading", analysis.Reading);
        Explanation(writer, "plateau_explanation", analysis.PlateauExplanation);
        Explanation(writer, "breakpoint_explanation", analysis.BreakpointExplanation);
        writer.WriteEndObject();
    }

    public static SweepAnalysis Read(JsonObject root)
    {
        JsonObject options = Object(root, "options") ?? [];
        string? sloText = Text(options, "slo");
        SloSet? slo = sloText is null ? null
            : SloSet.TryParse(sloText, out SloSet? parsed, out IReadOnlyList<string> errors) ? parsed
            : throw new FormatException($"sweep.json analysis.options.slo \"{sloText}\": {string.Join(" ", errors)}");
        var analysisOptions = new SweepAnalysisOptions
        {
            KneeFraction = Number(options, "knee_fraction") ?? SweepAnalysisOptions.Default.KneeFraction,
            MinSuccessRate = Number(options, "min_success_rate") ?? SweepAnalysisOptions.Default.MinSuccessRate,
            MaxDeclineFraction = Number(options, "max_decline_fraction") ?? SweepAnalysisOptions.Default.MaxDeclineFraction,
            Slo = slo,
            SloRequiresSuccessRate = options["slo_requires_success_rate"]?.GetValue<bool>() ?? true,
            MinSloAttainment = Number(options, "min_slo_attainment") ?? SweepAnalysisOptions.Default.MinSloAttainment,
        };
        JsonObject breakpoint = Object(root, "breakpoint") ?? throw new FormatException("sweep.json analysis has no \"breakpoint\" object.");
        return new SweepAnalysis(
            analysisOptions,
            Object(root, "peak") is { } p ? new PeakVerdict((int)Need(p, "concurrency"), Need(p, "request_throughput"), Number(p, "output_throughput"),
                (int)Need(p, "output_peak_concurrency"), Need(p, "peak_output_throughput"), Evidence(p)) : null,
            Object(root, "knee") is { } k
                ? new KneeVerdict((int)Need(k, "concurrency"), Need(k, "request_throughput"), Need(k, "threshold"), Evidence(k)) { Confidence = Confidence(k) }
                : null,
            new BreakpointVerdict(Int(breakpoint, "concurrency"), Text(breakpoint, "cause") switch
            {
                "success_rate" => BreakpointCause.SuccessRate,
                "throughput_decline" => BreakpointCause.ThroughputDecline,
                _ => null,
            }, Evidence(breakpoint)) { Confidence = Confidence(breakpoint) },
            Object(root, "plateau") is { } r ? new PlateauRange((int)Need(r, "from_concurrency"), (int)Need(r, "to_concurrency"),
                Need(r, "min_request_throughput"), Need(r, "max_request_throughput")) { Evidence = Object(r, "evidence") is null ? null : Evidence(r) } : null,
            Object(root, "max_concurrency_within_slo") is { } s ? new SloCeilingVerdict(Int(s, "concurrency"), Number(s, "goodput"), Text(s, "slo") ?? "", Evidence(s)) : null,
            Text(root, "reading") ?? "")
        {
            GoodputPeak = Object(root, "max_goodput") is { } g
                ? new GoodputPeakVerdict(Int(g, "concurrency"), Number(g, "request_goodput"), Number(g, "slo_attainment"), Text(g, "goodput_slo") ?? "", Evidence(g))
                : null,
            MaxConcurrencyAtAttainment = Object(root, "max_concurrency_at_attainment") is { } a
                ? new AttainmentCeilingVerdict(Int(a, "concurrency"), Number(a, "slo_attainment"), Number(a, "request_goodput"), Need(a, "target"),
                    Text(a, "goodput_slo") ?? "", Evidence(a))
                : null,
            PlateauExplanation = Explanation(root, "plateau_explanation"),
            BreakpointExplanation = Explanation(root, "breakpoint_explanation"),
            UnstableLevels = [.. (root["unstable_levels"] as JsonArray ?? []).OfType<JsonObject>().Select(u => new UnstableLevel(
                (int)Need(u, "concurrency"), (int)Need(u, "repeat"), Need(u, "repeat_success_rate"), Need(u, "others_success_rate"), Text(u, "finding") ?? ""))],
        };
    }

    /// <summary>Written only for a repeated sweep, so a sweep measured once keeps its earlier shape.</summary>
    private static void Confidence(Utf8JsonWriter writer, VerdictConfidence? confidence)
    {
        if (confidence is not null)
        {
            writer.WriteString("confidence", confidence.Label);
            writer.WriteString("confidence_evidence", confidence.Evidence);
        }
    }

    private static VerdictConfidence? Confidence(JsonObject verdict) =>
        VerdictConfidence.ParseLabel(Text(verdict, "confidence")) is { } certain ? new VerdictConfidence(certain, Text(verdict, "confidence_evidence") ?? "") : null;

    /// <summary>Written only when there is one, so sweeps without server metrics keep their earlier shape.</summary>
    private static void Explanation(Utf8JsonWriter writer, string key, SweepExplanation? explanation)
    {
        if (explanation is not null)
        {
            Verdict(writer, key, explanation, e =>
            {
                writer.WriteString("kind", e.KindName);
                Evidence(writer, e.Evidence);
            });
        }
    }

    private static SweepExplanation? Explanation(JsonObject root, string key) =>
        Object(root, key) is { } e && SweepExplanation.ParseKind(Text(e, "kind")) is { } kind ? new SweepExplanation(kind, Evidence(e)) : null;

    private static void Verdict<T>(Utf8JsonWriter writer, string key, T? verdict, Action<T> writeBody) where T : class
    {
        if (verdict is null)
        {
            writer.WriteNull(key);
            return;
        }
        writer.WriteStartObject(key);
        writeBody(verdict);
        writer.WriteEndObject();
    }

    private static void Evidence(Utf8JsonWriter writer, SweepEvidence evidence)
    {
        writer.WriteStartObject("evidence");
        writer.WriteString("criterion", evidence.Criterion);
        writer.WriteString("finding", evidence.Finding);
        writer.WriteStartArray("observations");
        foreach (SweepObservation o in evidence.Observations)
        {
            writer.WriteStartObject();
            writer.WriteNumber("concurrency", o.Concurrency);
            writer.WriteString("metric", o.Metric);
            SummaryScalarsJson.WriteNumber(writer, "value", o.Value);
            writer.WriteString("comparison", o.Comparison);
            SummaryScalarsJson.WriteNumber(writer, "threshold", o.Threshold);
            writer.WriteBoolean("holds", o.Holds);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static SweepEvidence Evidence(JsonObject verdict)
    {
        JsonObject evidence = Object(verdict, "evidence") ?? [];
        SweepObservation[] observations = (evidence["observations"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(o => new SweepObservation(Int(o, "concurrency") ?? 0, Text(o, "metric") ?? "", Number(o, "value"),
                Text(o, "comparison") ?? "", Number(o, "threshold"), o["holds"]?.GetValue<bool>() ?? false))
            .ToArray();
        return new SweepEvidence(Text(evidence, "criterion") ?? "", observations, Text(evidence, "finding") ?? "");
    }

    private static double Need(JsonObject parent, string key) =>
        Number(parent, key) ?? throw new FormatException($"sweep.json analysis: \"{key}\" is missing or not a number at {parent.GetPath()}.");

    private static JsonObject? Object(JsonObject parent, string key) => parent[key] as JsonObject;

    private static string? Text(JsonObject parent, string key) => parent[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static double? Number(JsonObject parent, string key) => JsonNumber.Read(parent[key]);

    private static int? Int(JsonObject parent, string key) => Number(parent, key) is { } d ? (int)d : null;
}
