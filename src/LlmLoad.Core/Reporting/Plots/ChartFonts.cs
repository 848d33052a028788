using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// The bundled DejaVu Sans (Reporting/Fonts, embedded in the assembly), registered with ScottPlot
/// under its own family name. ScottPlot draws no text at all, and says nothing, on a machine without
/// fonts (dotnet-notes.md §4), so charts never rely on the system's fonts. A name of our own keeps
/// ScottPlot's typeface cache from handing out a system font of the same family.
/// </summary>
internal static class ChartFonts
{
    /// <summary>The name charts ask ScottPlot for; SVG output names the typeface's own family, "DejaVu Sans".</summary>
    public const string FamilyName = "llmload DejaVu Sans";

    private static readonly Lazy<bool> s_registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the bundled font with ScottPlot once per process.</summary>
    public static void EnsureRegistered() => _ = s_registered.Value;

    private static bool Register()
    {
        var resolver = new EmbeddedFontResolver(Load("DejaVuSans.ttf"), Load("DejaVuSans-Bold.ttf"));
        // first, so it answers before the system resolver does
        Fonts.FontResolvers.Insert(0, resolver);
        return true;
    }

    private static byte[] Load(string fileName)
    {
        string name = "LlmLoad.Core.Reporting.Fonts." + fileName;
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the font resource {name} is missing from LlmLoad.Core; check the EmbeddedResource items of the csproj");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Answers only for <see cref="FamilyName"/>; bold requests get the bold face, italics the upright one.</summary>
    private sealed class EmbeddedFontResolver(byte[] regular, byte[] bold) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold_, bool italic) =>
            fontName == FamilyName ? SKTypeface.FromData(SKData.CreateCopy(bold_ ? bold : regular)) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
