using System.Net;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>
/// Renders a <see cref="ReportTable"/> as an HTML table: the title as caption, column legends as
/// header tooltips, number cells right-aligned, the table's caption as a legend under it.
/// </summary>
public static class HtmlTableWriter
{
    public static void Write(TextWriter writer, ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        writer.WriteLine("<div class=\"table\"><table>");
        writer.WriteLine($"<caption>{Encode(table.Title)}</caption>");
        writer.Write($"<thead><tr><th scope=\"col\">{Encode(table.RowHeader)}</th>");
        foreach (ReportColumn column in table.Columns)
        {
            writer.Write($"<th scope=\"col\" title=\"{Encode(column.Description)}\">{Encode(column.Header)}</th>");
        }
        writer.WriteLine("</tr></thead>");
        writer.WriteLine("<tbody>");
        foreach (ReportRow row in table.Rows)
        {
            writer.Write($"<tr><th scope=\"row\">{Encode(row.Label)}</th>");
            foreach (ReportCell cell in row.Cells)
            {
                writer.Write($"<td class=\"num\">{Encode(cell.Text)}</td>");
            }
            writer.WriteLine("</tr>");
        }
        writer.WriteLine("</tbody></table>");
        if (table.Caption is { } caption)
        {
            writer.WriteLine($"<p class=\"legend\">{Encode(caption)}</p>");
        }
        writer.WriteLine("</div>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
