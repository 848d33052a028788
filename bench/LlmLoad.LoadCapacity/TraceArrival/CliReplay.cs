using System.Diagnostics;
using System.Globalization;
using LlmLoad.LoadCapacity.Server;

namespace LlmLoad.LoadCapacity.TraceArrival;

/// <summary>
/// <c>trace-arrival --llmload PATH</c>: the replay through the real CLI, as a user runs it (a fresh process, its
/// pre-flight and no warm-up, the trace's own prompts, records and progress), against <see cref="ArrivalServer"/>, which
/// stamps the CLI's requests in order of arrival (the first is the pre-flight). Only the best-fit error is read: the
/// CLI's run start is not on the server's clock.
/// </summary>
public static class CliReplay
{
    /// <summary>Runs <paramref name="llmload"/> on the trace at <paramref name="speed"/> and returns how far its arrivals were from the trace times.</summary>
    public static async Task<TraceError> RunAsync(string llmload, string tracePath, Uri url, IReadOnlyList<double> dueOffsetsMs, double speed)
    {
        var directory = Directory.CreateTempSubdirectory("llmload-cli-arrival-");
        try
        {
            var start = new ProcessStartInfo(llmload) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] arguments = ["run", "--base-url", url.ToString(), "--model", "bench", "--dataset", "mooncake:" + tracePath,
                "--trace-speed", speed.ToString(CultureInfo.InvariantCulture), "--server-metrics", "off", "--no-report",
                "--output-dir", Path.Combine(directory.FullName, "run")];
            arguments.ToList().ForEach(start.ArgumentList.Add);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {llmload}");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await output;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{llmload} exited with code {process.ExitCode}: {await error}");
            }
            using var control = new HttpClient { BaseAddress = url };
            var stamps = await ArrivalServer.StampsAsync(control, 1, dueOffsetsMs.Count);
            return TraceError.From([.. stamps.Select((stamp, index) => stamp * 1000.0 / Stopwatch.Frequency - dueOffsetsMs[index])]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
