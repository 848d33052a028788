namespace LlmLoad.Core.Reporting.Html;

/// <summary>
/// The report's only style sheet, inlined in its head: system fonts only (no web fonts, nothing
/// fetched), readable tables, charts that scale with the window, and print-friendly colours.
/// Chart text asks for DejaVu Sans, the font the charts were measured with, then falls back.
/// </summary>
internal static class HtmlStyles
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1b1f23; --muted: #59636e; --line: #d8dee4; --band: #f6f8fa; --bad: #b00020; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1200px; padding: 24px 32px 48px; color: var(--ink); background: #fff;
               font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 16px; margin: 20px 0 8px; }
        .meta, .legend { color: var(--muted); font-size: 13px; margin: 4px 0 12px; }
        .reading { font-size: 16px; margin: 8px 0; padding: 10px 14px; background: var(--band); border-left: 4px solid var(--model, #0072b2); }
        .reading strong { color: var(--model, inherit); }
        .table { overflow-x: auto; margin: 8px 0 16px; }
        table { border-collapse: collapse; font-size: 13px; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
        thead th { background: var(--band); text-align: right; vertical-align: bottom; }
        thead th:first-child, tbody th { text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 12px 0 24px; }
        figure svg { width: 100%; height: auto; max-width: 900px; display: block; border: 1px solid var(--line); }
        figure svg text { font-family: "DejaVu Sans", Verdana, "Bitstream Vera Sans", Arial, sans-serif; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        details { margin: 6px 0 12px; }
        summary { cursor: pointer; }
        pre { background: var(--band); padding: 12px; overflow-x: auto; font-size: 12px; border: 1px solid var(--line); }
        .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; border-radius: 2px; background: var(--model); vertical-align: -1px; }
        .holds-false { color: var(--bad); }
        @media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
        """;
}
