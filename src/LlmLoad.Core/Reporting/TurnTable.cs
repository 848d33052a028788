using System.Globalization;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The by-turn table of a multi-turn run: one row per turn index with its requests, mean prompt length
/// (history included) and latency, and the sessions in the caption. TTFT staying flat while the prompt
/// grows is what a prefix cache looks like.
/// </summary>
public static class TurnTable
{
    private static readonly ReportColumn[] s_columns =
    [
        new("requests", "Requests", "Requests of this turn that ended (successful or failed)."),
        new("mean_input_tokens", "Input tok (mean)", "Mean prompt tokens of the turn, history included."),
        new("mean_ttft_ms", "Mean TTFT (ms)", "Mean TTFT of the turn's successful requests."),
        new("median_ttft_ms", "P50 TTFT (ms)", "Median TTFT of the turn's successful requests."),
        new("p99_ttft_ms", "P99 TTFT (ms)", "99th percentile TTFT of the turn's successful requests."),
        new("mean_tpot_ms", "Mean TPOT (ms)", "Mean TPOT of the turn's successful requests."),
    ];

    /// <summary>The table, or null for a single-turn run.</summary>
    public static ReportTable? From(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.MultiTurn is not { } multiTurn)
        {
            return null;
        }
        ReportRow[] rows = multiTurn.ByTurn
            .Select(turn => new ReportRow(turn.Turn.ToString(CultureInfo.InvariantCulture),
            [
                Cell(turn.Requests, 0),
                Cell(turn.MeanInputTokens, 1),
                Cell(turn.Ttft.Mean, 2),
                Cell(turn.Ttft.P50, 2),
                Cell(turn.Ttft.P99, 2),
                Cell(turn.Tpot.Mean, 2),
            ]))
            .ToArray();
        return new ReportTable("By turn", "Turn", s_columns, rows, Caption(multiTurn.Sessions));
    }

    private static string Caption(SessionStatistics sessions) => FormattableString.Invariant(
        $"{sessions.Sessions} sessions, {Number(sessions.MeanTurnsCompleted, 2)} turns completed on average, {sessions.EndedByFailure} ended by a failed turn, {sessions.Interrupted} interrupted; session duration mean {Number(sessions.DurationMs.Mean, 0)} ms, p99 {Number(sessions.DurationMs.P99, 0)} ms.");

    private static ReportCell Cell(double? value, int decimals) => new(value, Number(value, decimals));

    private static string Number(double? value, int decimals) =>
        value is { } v && double.IsFinite(v)
            ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : MetricDefinition.NotAvailable;
}
