using System.Xml.Linq;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>
/// Prepares a standalone SVG document for inlining in HTML: drops the XML declaration, prefixes
/// every <c>id</c> and its references (<c>url(#...)</c>, <c>href="#..."</c>) so that several charts
/// on one page cannot resolve each other's clip paths, and adds a <c>viewBox</c> so the chart scales
/// with the page, plus an accessible name.
/// </summary>
internal static class SvgInliner
{
    private static readonly XNamespace s_xlink = "http://www.w3.org/1999/xlink";

    public static string Inline(string svg, string idPrefix, string title)
    {
        XDocument document = XDocument.Parse(svg);
        XElement root = document.Root ?? throw new ArgumentException("the SVG has no root element", nameof(svg));
        var ids = root.DescendantsAndSelf().Attributes("id").Select(a => a.Value).ToHashSet(StringComparer.Ordinal);
        foreach (XElement element in root.DescendantsAndSelf())
        {
            foreach (XAttribute attribute in element.Attributes().ToArray())
            {
                attribute.Value = Rewrite(attribute, ids, idPrefix);
            }
        }
        if (root.Attribute("viewBox") is null && root.Attribute("width") is { } width && root.Attribute("height") is { } height)
        {
            root.SetAttributeValue("viewBox", $"0 0 {width.Value} {height.Value}");
        }
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", title);
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static string Rewrite(XAttribute attribute, HashSet<string> ids, string prefix)
    {
        string value = attribute.Value;
        if (attribute.Name == "id")
        {
            return prefix + value;
        }
        if ((attribute.Name == "href" || attribute.Name == s_xlink + "href") && value.StartsWith('#') && ids.Contains(value[1..]))
        {
            return "#" + prefix + value[1..];
        }
        if (!value.Contains("url(#", StringComparison.Ordinal))
        {
            return value;
        }
        foreach (string id in ids)
        {
            value = value.Replace($"url(#{id})", $"url(#{prefix}{id})", StringComparison.Ordinal);
        }
        return value;
    }
}
