using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LlmLoad.Cli.Console;

/// <summary>Prints a run's result: the study's two tables, the vLLM-style result block, the by-turn table of a multi-turn run, then one message per kind of error.</summary>
internal static class ResultPrinter
{
    public static void Print(TextWriter output, RunResult result) => Print(output, result.Label, result.Summary);

    /// <summary>
    /// Prints one run's tables and result block; <paramref name="label"/> heads its row (the model). A run with a model
    /// mix gets one more row per model under the whole run's (<see cref="ModelTables.AllModels"/>).
    /// </summary>
    public static void Print(TextWriter output, string label, RunSummary summary)
    {
        var tables = ThroughputLatencyTables.From(ModelTables.Rows(label, summary));
        var console = CreateConsole(output);
        console.Write(ToSpectre(tables.Throughput));
        console.Write(ToSpectre(tables.Latency));
        output.WriteLine();
        ResultBlockFormatter.Write(output, summary);
        if (summary.Ramp is { } ramp)
        {
            output.WriteLine(RampTurnLine(ramp, summary.RampTurnPoint));
        }
        if (TurnTable.From(summary) is { } turns)
        {
            console.Write(ToSpectre(turns));
        }
        ErrorExamplesPrinter.Print(output, summary);
    }

    private static string RampTurnLine(LoadRamp ramp, RampTurnPoint? turn)
    {
        var unit = ramp.Kind == RampKind.Users ? "users" : "req/s offered";
        return turn switch
        {
            null => FormattableString.Invariant(
                $"Ramp {ramp}: no turn point (TTFT p50 stayed under {RampTurnPointFinder.TtftFactor:0.#}x its floor and errors under {RampTurnPointFinder.ErrorShare:0%} of completions)."),
            { Reason: "errors" } => FormattableString.Invariant(
                $"Ramp {ramp}: errors begin at {turn.TimeSeconds:0} s, {turn.OfferedLoad:0.##} {unit} ({turn.Errors} failed, {turn.Completions} completed that second)."),
            _ => FormattableString.Invariant(
                $"Ramp {ramp}: TTFT turns at {turn.TimeSeconds:0} s, {turn.OfferedLoad:0.##} {unit} (p50 {turn.TtftP50Ms:0.#} ms vs floor {turn.TtftFloorMs:0.#} ms)."),
        };
    }

    /// <summary>Renders a report table model; numbers are already formatted invariantly by the model.</summary>
    public static IRenderable ToSpectre(ReportTable model)
    {
        var table = new Table { Title = new TableTitle(model.Title), Border = TableBorder.Rounded };
        // wide tables get one space of padding, not two: a sweep's 13 columns then fit 160 columns without cut headers
        var tight = model.Columns.Count > 10;
        table.AddColumn(new TableColumn(Markup.Escape(model.RowHeader)).Padding(1, 0, tight ? 0 : 1, 0));
        foreach (var column in model.Columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column.Header)).RightAligned().Padding(tight ? 0 : 1, 0, 1, 0));
        }
        foreach (var row in model.Rows)
        {
            table.AddRow([Markup.Escape(row.Label), .. row.Cells.Select(cell => Markup.Escape(cell.Text))]);
        }
        if (model.Caption is { } caption)
        {
            table.Caption = new TableTitle(Markup.Escape(caption));
        }
        return table;
    }

    /// <summary>The width of a redirected console: a sweep's 13 level columns fit it without cut headers.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>The width a sweep with goodput (15 level columns) needs to keep every header whole.</summary>
    public const int GoodputSweepWidth = 192;

    /// <summary>A Spectre console on <paramref name="output"/>; wide when redirected so tables are not wrapped at 80 columns.</summary>
    public static IAnsiConsole CreateConsole(TextWriter output, int redirectedWidth = RedirectedWidth)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (System.Console.IsOutputRedirected || output != System.Console.Out)
        {
            console.Profile.Width = redirectedWidth;
        }
        return console;
    }
}
