namespace LlmLoad.Core.Reporting;

/// <summary>
/// Renders a <see cref="ReportTable"/> as a GitHub Markdown table: a bold title, the header row,
/// right-aligned number columns padded to equal width (readable as plain text too), and the caption in italics.
/// </summary>
public static class MarkdownTableWriter
{
    public static void Write(TextWriter writer, ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);

        string[] headers = [.. new[] { table.RowHeader }.Concat(table.Columns.Select(c => c.Header)).Select(Escape)];
        string[][] rows = table.Rows.Select(r => new[] { Escape(r.Label) }.Concat(r.Cells.Select(c => c.Text)).ToArray()).ToArray();
        int[] widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Append(3).Max()).ToArray();

        writer.WriteLine($"**{table.Title}**");
        writer.WriteLine();
        writer.WriteLine(Line(headers.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
        writer.WriteLine(Line(widths.Select((w, i) => i == 0 ? new string('-', w) : new string('-', w - 1) + ":")));
        foreach (string[] row in rows)
        {
            writer.WriteLine(Line(row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }
        if (table.Caption is { } caption)
        {
            writer.WriteLine();
            writer.WriteLine($"_{caption}_");
        }
    }

    private static string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells) + " |";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
