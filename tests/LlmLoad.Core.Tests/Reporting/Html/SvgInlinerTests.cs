using System.Xml.Linq;
using LlmLoad.Core.Reporting.Html;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Html;

public sealed class SvgInlinerTests
{
    private const string Svg = """
        <?xml version="1.0" encoding="utf-8" ?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="900" height="500">
        <clipPath id="cl_4"><rect width="10" height="10"/></clipPath>
        <g clip-path="url(#cl_4)"><use xlink:href="#cl_4"/><path fill="url(#other)"/></g>
        </svg>
        """;

    [Fact]
    public void Ids_and_their_references_get_the_prefix_and_other_references_stay()
    {
        string inlined = SvgInliner.Inline(Svg, "ttft-", "TTFT");

        Assert.Contains("id=\"ttft-cl_4\"", inlined, StringComparison.Ordinal);
        Assert.Contains("clip-path=\"url(#ttft-cl_4)\"", inlined, StringComparison.Ordinal);
        Assert.Contains("href=\"#ttft-cl_4\"", inlined, StringComparison.Ordinal);
        Assert.Contains("url(#other)", inlined, StringComparison.Ordinal);
    }

    [Fact]
    public void The_declaration_goes_and_a_view_box_and_a_name_come()
    {
        string inlined = SvgInliner.Inline(Svg, "a-", "Success rate");

        Assert.StartsWith("<svg ", inlined);
        XElement root = XElement.Parse(inlined);
        Assert.Equal("0 0 900 500", root.Attribute("viewBox")!.Value);
        Assert.Equal("Success rate", root.Attribute("aria-label")!.Value);
        Assert.Equal("img", root.Attribute("role")!.Value);
    }
}
