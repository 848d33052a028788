using System.Globalization;
using System.Runtime.CompilerServices;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

/// <summary>
/// Compares output with a checked-in file under Reporting/Golden/. Set LLMLOAD_UPDATE_GOLDEN=1 to
/// rewrite the files from the current output, then review the diff before committing.
/// </summary>
internal static class GoldenFile
{
    /// <summary>
    /// Asserts <paramref name="actual"/> equals the golden file. Pass <paramref name="mayUpdate"/>
    /// false from re-runs (another culture) so that they only ever compare and cannot rewrite the file.
    /// </summary>
    public static void AssertMatches(string fileName, string actual, bool mayUpdate = true, [CallerFilePath] string callerPath = "")
    {
        // found from this source file's path, so the test project needs no copy-to-output items
        string path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", fileName);
        string normalized = actual.ReplaceLineEndings("\n");
        if (mayUpdate && Environment.GetEnvironmentVariable("LLMLOAD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, normalized);
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run with LLMLOAD_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), normalized);
    }

    /// <summary>
    /// A culture that writes 1.234,5 instead of 1,234.5. The build sets InvariantGlobalization, so
    /// de-DE itself is unavailable; a clone of the invariant culture with German separators proves
    /// the same thing: output that leaks the current culture would show a comma.
    /// </summary>
    public static CultureInfo CommaDecimalCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        return culture;
    }

    /// <summary>Runs <paramref name="render"/> with <paramref name="culture"/> as the current culture.</summary>
    public static string RenderUnder(CultureInfo culture, Func<string> render)
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return render();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
