using System.Xml.Linq;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Tests.Reporting.Plots;

public sealed class ServerTimelineChartsTests : IDisposable
{
    private static readonly Uri Url = new("http://engine:8000/metrics");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmload-timeline-" + Guid.NewGuid().ToString("N"));

    private static ServerMetricsSample Sample(double atMs, double running, double waiting, double kv, double preemptions) =>
        new(atMs, Url, "vllm", new Dictionary<string, double>
        {
            [CommonMetric.Running] = running,
            [CommonMetric.Waiting] = waiting,
            [CommonMetric.KvCacheUsage] = kv,
            [CommonMetric.Preemptions] = preemptions,
        });

    // a run whose engine fills its batch of 8, queues, and restarts once (its preemption counter drops to 2)
    private static readonly ServerMetricsSample[] s_run =
    [
        Sample(0, 0, 0, 0, 100),
        Sample(1000, 8, 5, 0.5, 103),
        Sample(2000, 8, 9, 0.97, 110),
        Sample(2500, 0, 0, 0, double.NaN),
        new(3000, Url, null, new Dictionary<string, double>(), "HTTP 500"),
        Sample(3500, 3, 0, 0.2, 2),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Running_waiting_kv_usage_and_preemptions_are_drawn_against_the_run_clock_in_seconds()
    {
        var specs = ServerTimelineChartSpecs.Build(s_run);

        Assert.Equal(["server-timeline-running-waiting", "server-timeline-kv-cache", "server-timeline-preemptions"], specs.Select(s => s.Name));
        Assert.All(specs, s => Assert.Equal("Run time (s)", s.XLabel));
        var running = specs[0].Series[0];
        Assert.Equal("running", running.Legend);
        Assert.Equal([0, 1, 2, 2.5, 3.5], running.Concurrency);
        Assert.Equal([0, 8, 8, 0, 3], running.Values);
        Assert.True(specs[0].Series[1].Secondary);
        Assert.Equal([0, 50, 97, 0, 20], specs[1].Series[0].Values.Select(v => Math.Round(v, 6)));
        Assert.Equal(100, specs[1].YMax);
        // the increase since the first scrape; the missing reading is no point, and the drop to 2 is a reset that adds 2
        Assert.Equal([0, 1, 2, 3.5], specs[2].Series[0].Concurrency);
        Assert.Equal([0, 3, 10, 12], specs[2].Series[0].Values);
    }

    [Fact]
    public void Two_pages_get_a_line_each_named_by_their_address_and_a_page_of_no_engine_none()
    {
        ServerMetricsSample[] samples =
        [
            Sample(0, 4, 0, 0.1, 0),
            Sample(0, 2, 0, 0.1, 0) with { Url = new Uri("http://engine-b:8000/metrics") },
            new(0, new Uri("http://dcgm:9400/metrics"), null, new Dictionary<string, double>()),
        ];

        var specs = ServerTimelineChartSpecs.Build(samples);

        Assert.Equal(["engine:8000 running", "engine:8000 waiting", "engine-b:8000 running", "engine-b:8000 waiting"], specs[0].Series.Select(s => s.Legend));
    }

    [Fact]
    public void Without_engine_metrics_there_are_no_charts_and_no_files()
    {
        ServerMetricsSample[] samples = [new(0, Url, null, new Dictionary<string, double>(), "HTTP 500")];

        var files = ServerTimelineCharts.Render(samples, _directory);

        Assert.Empty(ServerTimelineChartSpecs.Build(samples));
        Assert.Empty(files);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public void A_run_directory_gets_a_png_and_an_svg_per_chart_from_its_server_metrics_jsonl()
    {
        // given a run directory with the scrapes as a run writes them
        Directory.CreateDirectory(_directory);
        ServerScrape[] scrapes =
        [
            new(Url, 0, 1, PrometheusTextParser.Parse("vllm:num_requests_running{model_name=\"m\"} 0\nvllm:num_requests_waiting{model_name=\"m\"} 0\n"), null),
            new(Url, 1000, 1, PrometheusTextParser.Parse("vllm:num_requests_running{model_name=\"m\"} 8\nvllm:num_requests_waiting{model_name=\"m\"} 5\n"), null),
        ];
        using (var file = File.Create(Path.Combine(_directory, ServerMetricsJsonl.FileName)))
        {
            ServerMetricsJsonl.Write(file, scrapes);
        }

        // when
        var (section, files) = ServerTimelineCharts.WriteForRun(_directory);

        // then
        var chart = Assert.Single(files);
        Assert.Equal("engine", section?.Id);
        Assert.Single(section!.Charts);
        Assert.Equal("server-timeline-running-waiting", chart.Name);
        Assert.Equal(Path.Combine(_directory, "charts", "server-timeline-running-waiting.png"), chart.PngPath);
        Assert.True(File.Exists(chart.PngPath));
        var texts = XDocument.Parse(File.ReadAllText(chart.SvgPath)).Descendants(XNamespace.Get("http://www.w3.org/2000/svg") + "text").Select(t => t.Value.Trim());
        Assert.Contains("Run time (s)", texts);
        Assert.Contains("waiting", texts);
    }
}
