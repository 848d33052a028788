using LlmLoad.Core.Telemetry;

namespace LlmLoad.Cli.Commands;

/// <summary>Turns <c>--server-metrics</c> (URLs or <c>off</c>) and <c>--scrape-interval</c> into <see cref="ServerMetricsOptions"/>.</summary>
internal static class ServerMetricsFlags
{
    public static ServerMetricsOptions Parse(string[] values, TimeSpan interval, List<string> problems)
    {
        var off = values.Any(v => v.Equals("off", StringComparison.OrdinalIgnoreCase));
        var urls = new List<Uri>();
        foreach (var value in values.Where(v => !v.Equals("off", StringComparison.OrdinalIgnoreCase)))
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0)
            {
                urls.Add(url);
            }
            else
            {
                problems.Add($"--server-metrics \"{value}\" must be an http:// or https:// URL, e.g. http://gpu-box:9400/metrics, or off.");
            }
        }
        var options = new ServerMetricsOptions { Urls = urls, Off = off, ScrapeInterval = interval };
        problems.AddRange(CliOptionNames.Describe(options.Validate()));
        return options;
    }
}
