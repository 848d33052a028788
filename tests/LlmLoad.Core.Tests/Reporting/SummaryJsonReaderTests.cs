using System.Text;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class SummaryJsonReaderTests
{
    private static RunSummary RoundTrip(RunSummary summary)
    {
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, summary, null, "0.1.0-test", DateTimeOffset.UnixEpoch);
        return SummaryJsonReader.Read(JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!.AsObject());
    }

    [Fact]
    public void Every_catalogue_value_reads_back_as_written()
    {
        RunSummary summary = GoldenRun.Summary;

        RunSummary loaded = RoundTrip(summary);

        Assert.All(MetricCatalog.All, m => Assert.True(m.ValueOf(summary) == m.ValueOf(loaded), $"{m.Key}: {m.ValueOf(summary)} != {m.ValueOf(loaded)}"));
    }

    [Fact]
    public void Errors_slo_and_time_series_read_back()
    {
        RunSummary summary = GoldenRun.Summary;

        RunSummary loaded = RoundTrip(summary);

        Assert.Equal(summary.ErrorsByClass, loaded.ErrorsByClass);
        Assert.Equal(summary.ErrorsByClassAndStatus, loaded.ErrorsByClassAndStatus);
        Assert.Equal(summary.Slo, loaded.Slo);
        Assert.Equal(summary.GoodRequests, loaded.GoodRequests);
        Assert.Equal(summary.TimeSeries.Completions, loaded.TimeSeries.Completions);
        Assert.Equal(summary.TimeSeries.InFlightMax, loaded.TimeSeries.InFlightMax);
    }

    [Fact]
    public void An_empty_run_reads_back_with_undefined_values_still_undefined()
    {
        RunSummary empty = RunSummarizer.Summarize([], SummaryOptions.Default);

        RunSummary loaded = RoundTrip(empty);

        Assert.Null(loaded.SuccessRate);
        Assert.Null(loaded.Ttft.P99);
        Assert.Null(loaded.RequestsPerSecond);
        Assert.Null(loaded.GoodRequests);
    }

    [Fact]
    public void Missing_keys_read_as_zero_counts_and_undefined_values()
    {
        var root = new JsonObject { ["completed"] = 5, ["duration"] = 2.5 };

        RunSummary loaded = SummaryJsonReader.Read(root);

        Assert.Equal(2.0, loaded.RequestsPerSecond);
        Assert.Equal(0, loaded.Failed);
        Assert.Null(loaded.Tpot.Mean);
        Assert.Empty(loaded.ErrorsByClass);
    }

    [Fact]
    public void A_file_written_before_vllms_p99_9_spelling_still_reads_its_p99_9_values()
    {
        var root = new JsonObject { ["completed"] = 5, ["duration"] = 2.5, ["p99_9_ttft_ms"] = 42.5, ["p99.9_itl_ms"] = 7.0 };

        RunSummary loaded = SummaryJsonReader.Read(root);

        Assert.Equal(42.5, loaded.Ttft.P99_9);
        Assert.Equal(7.0, loaded.Itl.P99_9);
    }
}
