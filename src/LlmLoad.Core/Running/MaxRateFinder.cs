using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Running;

/// <summary>
/// <c>--find-max-rate</c>: bisects the offered rate (<see cref="RateSearch"/>) for the highest one whose SLO attainment
/// (requests meeting every <c>--goodput</c> SLO / attempted) is at least the target. Each probe is a sweep level run by
/// <see cref="SweepRunner"/> into its own sub-directory; at the end (or on Ctrl-C) the probes are written as a sweep
/// (sweep.json, sweep.csv, charts, report.html, with the probes as levels in rate order) and the search as
/// <c>max-rate.json</c>.
/// </summary>
public sealed class MaxRateFinder(SweepRunner runner, TimeProvider timeProvider)
{
    public const string FileName = "max-rate.json";

    /// <summary>Called after each probe with its verdict.</summary>
    public Action<RateProbe>? ProbeFinished { get; init; }

    /// <summary>Runs the search over <see cref="SweepOptions.Rates"/>' lowest to highest rate, stopping at <paramref name="precision"/>.</summary>
    public async Task<MaxRateResult> RunAsync(SweepOptions options, RatePrecision precision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(precision);
        var rates = options.Rates ?? throw new ArgumentException("a max-rate search needs a rate range", nameof(options));
        var (low, high) = (rates.Levels[0], rates.Levels[^1]);
        double target = options.Analysis.MinSloAttainment;
        var directory = options.Template.OutputDirectory;
        Directory.CreateDirectory(directory);
        var startedAt = timeProvider.GetUtcNow();
        var probes = new List<RateProbe>();
        string? model = null;
        using var resetClient = new HttpClient { Timeout = EndpointReset.Timeout };
        while (!cancellationToken.IsCancellationRequested && RateSearch.Next(low, high, precision, probes) is { } rate)
        {
            // a probe's rate to a millionth, as a rate plan's levels are, so its directory name and its label agree
            var (level, levelModel) = await runner.MeasureAsync(options, LoadPoint.Rate(Math.Round(rate, 6)), resetClient, cancellationToken).ConfigureAwait(false);
            model ??= levelModel;
            if (level is null)
            {
                break;
            }
            var probe = RateProbe.Of(level, target);
            probes.Add(probe);
            ProbeFinished?.Invoke(probe);
        }

        var answer = RateSearch.Answer(probes);
        var bracket = RateSearch.Bracket(probes);
        var finding = Finding(probes, answer, bracket, high, target, precision);
        var configuration = SweepRunner.Configuration(options, model);
        var levels = probes.Select(p => p.Level).OrderBy(l => l.Load).ToArray();
        var document = new SweepDocument(ToolInfo.Version, startedAt, ModelLabel.Of(configuration), configuration, levels,
            SweepAnalyzer.Analyze(levels, options.Analysis), Interrupted: cancellationToken.IsCancellationRequested);
        SweepRunner.WriteFiles(directory, document, runner.WritesReport);
        var result = new MaxRateResult(directory, probes, answer, bracket, finding, cancellationToken.IsCancellationRequested);
        using (var json = File.Create(Path.Combine(directory, FileName)))
        {
            Write(json, result, document, low, high, target, precision);
        }
        return result;
    }

    /// <summary>The one line printed per probe: <c>r=40/s  attainment 95.2% &gt;= 90%  holds</c>.</summary>
    public static string Line(RateProbe probe, double target) =>
        string.Create(CultureInfo.InvariantCulture, $"{probe.Level.Load,-10} attainment {Percent(probe.SloAttainment),6} {(probe.Holds ? ">=" : "< ")} {SweepFormat.ThresholdPercent(target)}  ")
        + (probe.Holds ? "holds" : "fails");

    private static string Finding(IReadOnlyList<RateProbe> probes, double? answer, (double Held, double Failed)? bracket, double high, double target, RatePrecision precision)
    {
        string percent = SweepFormat.ThresholdPercent(target);
        if (probes.Count == 0)
        {
            return "No probe finished.";
        }
        if (answer is null)
        {
            return $"No rate held: {probes[0].Level.Load} had {Percent(probes[0].SloAttainment)} of its requests meeting every SLO (target {percent}); lower the bottom of --rate.";
        }
        var held = probes.Last(p => p.Rate == answer);
        if (answer == high)
        {
            return $"{held.Level.Load}, the top of the range, held ({Percent(held.SloAttainment)} >= {percent}): the endpoint may take more; raise the top of --rate.";
        }
        if (bracket is not { } b)
        {
            return $"Max rate at >= {percent} SLO attainment: {held.Level.Load} ({Percent(held.SloAttainment)}); the search stopped before it was bracketed.";
        }
        var failed = probes.Last(p => p.Rate == b.Failed);
        return $"Max rate at >= {percent} SLO attainment: {held.Level.Load} ({Percent(held.SloAttainment)}); {failed.Level.Load} failed "
            + $"({Percent(failed.SloAttainment)}), so the limit lies between them (within {precision}).";
    }

    private static void Write(Stream stream, MaxRateResult result, SweepDocument document, double low, double high, double target, RatePrecision precision)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("tool", SummaryJsonWriter.ToolName);
        writer.WriteString("tool_version", document.ToolVersion);
        StartedAtJson.Write(writer, document.StartedAt);
        writer.WriteBoolean("interrupted", result.Interrupted);
        writer.WriteString("model", document.Model);
        writer.WriteString("goodput_slo", document.Levels.Select(l => l.Summary.Slo?.ToString()).FirstOrDefault(s => s is not null));
        writer.WriteNumber("target_attainment", target);
        writer.WriteString("precision", precision.ToString());
        writer.WriteNumber("range_low", low);
        writer.WriteNumber("range_high", high);
        SummaryScalarsJson.WriteNumber(writer, "max_request_rate", result.MaxRate);
        SummaryScalarsJson.WriteNumber(writer, "failed_request_rate", result.Bracket?.Failed);
        writer.WriteString("finding", result.Finding);
        writer.WriteStartArray("probes");
        foreach (var probe in result.Probes)
        {
            writer.WriteStartObject();
            writer.WriteNumber("request_rate", probe.Rate);
            SummaryScalarsJson.WriteNumber(writer, "slo_attainment", probe.SloAttainment);
            writer.WriteBoolean("holds", probe.Holds);
            SummaryScalarsJson.WriteNumber(writer, "request_goodput", probe.Level.Goodput?.Mean);
            SummaryScalarsJson.WriteNumber(writer, "request_throughput", probe.Level.RequestThroughput?.Mean);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Percent(double? fraction) => fraction is { } f ? SweepFormat.Percent(f) : "n/a";
}
