using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Html;

/// <summary>
/// Runs Debian's chromium headless on a local file, offline and with a fresh profile. Tests that
/// need it fail (never skip) when it is missing: CI installs it, and a skipped browser test would
/// hide a broken report. LLMLOAD_CHROMIUM names another binary.
/// </summary>
internal static partial class HeadlessChromium
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    /// <summary>The chromium binary; fails the test with the fix when there is none.</summary>
    public static string Path()
    {
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("LLMLOAD_CHROMIUM"),
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, "chromium")),
        ];
        string? found = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
        if (found is null)
        {
            Assert.Fail(
                "chromium is not installed, so report.html cannot be checked in a real browser. "
                + "Install it with `apt-get update && apt-get install -y chromium` (./test.sh does this), or set LLMLOAD_CHROMIUM to a chromium binary.");
        }
        return found;
    }

    /// <summary>Loads <paramref name="htmlPath"/> and saves a screenshot; returns chromium's log (stderr).</summary>
    public static Task<string> ScreenshotAsync(string htmlPath, string pngPath, int width, int height) =>
        RunAsync($"--screenshot={pngPath}", $"--window-size={width},{height}", "--enable-logging=stderr", "--v=0", new Uri(htmlPath).AbsoluteUri);

    /// <summary>Loads <paramref name="htmlPath"/> and returns the DOM after load, serialized.</summary>
    public static Task<string> DumpDomAsync(string htmlPath) => RunAsync("--dump-dom", new Uri(htmlPath).AbsoluteUri);

    /// <summary>Lines where the page wrote to its console (a script error shows as <c>INFO:CONSOLE:1] "Uncaught Error: ..."</c>).</summary>
    public static IReadOnlyList<string> ConsoleLines(string log) => [.. log.Split('\n').Where(l => ConsoleLine().IsMatch(l))];

    private static async Task<string> RunAsync(params string[] arguments)
    {
        string profile = Directory.CreateTempSubdirectory("llmload-chromium-").FullName;
        var start = new ProcessStartInfo(Path())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(s_timeout);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            string output = await stdout;
            string log = await stderr;
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {log}");
            return arguments.Contains("--dump-dom") ? output : log;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            DeleteProfile(profile);
        }
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // a chromium helper may still hold a file for a moment; the temp directory is harmless
        }
    }

    [GeneratedRegex(@":CONSOLE[:(\]]")]
    private static partial Regex ConsoleLine();
}
