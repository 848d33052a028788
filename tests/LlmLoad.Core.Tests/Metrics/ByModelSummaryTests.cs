using System.Text;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class ByModelSummaryTests
{
    private static RequestRecord For(RequestRecord record, string model) => record with { Model = model };

    // model a: TTFT 100 and 300 ms, one failure; model b: TTFT 50 ms
    private static readonly RequestRecord[] s_mixed =
    [
        For(Records.Ok(0, [100, 110, 120], 3, index: 0), "a"),
        For(Records.Ok(0, [50, 60], 2, index: 1), "b"),
        For(Records.Ok(0, [300, 320], 2, index: 2), "a"),
        For(Records.Failed(10, 40) with { Index = 3 }, "a"),
    ];

    [Fact]
    public void Records_of_one_model_or_none_have_no_by_model_summary()
    {
        // when
        var single = RunSummarizer.Summarize([For(Records.Ok(0, [100], 1), "a"), For(Records.Ok(0, [80], 1), "a")], SummaryOptions.Default);
        var unnamed = RunSummarizer.Summarize([Records.Ok(0, [100], 1)], SummaryOptions.Default);

        // then
        Assert.Null(single.ByModel);
        Assert.Null(unnamed.ByModel);
    }

    [Fact]
    public void Each_model_gets_the_whole_summary_of_its_own_records()
    {
        // when
        var summary = RunSummarizer.Summarize(s_mixed, SummaryOptions.Default);

        // then by name, with hand-worked figures, and each equal to summarising that model's records alone
        Assert.Equal(["a", "b"], summary.ByModel!.Select(m => m.Model));
        var a = summary.ByModel![0].Summary;
        var b = summary.ByModel![1].Summary;
        Assert.Equal((2, 1, 200.0), (a.Completed, a.Failed, a.Ttft.Mean!.Value));
        Assert.Equal((1, 0, 50.0), (b.Completed, b.Failed, b.Ttft.Mean!.Value));
        foreach (var model in summary.ByModel!)
        {
            var alone = RunSummarizer.Summarize([.. s_mixed.Where(r => r.Model == model.Model)], SummaryOptions.Default);
            Assert.Equal(MetricCatalog.All.Select(m => m.ValueOf(alone)), MetricCatalog.All.Select(m => m.ValueOf(model.Summary)));
        }
    }

    [Fact]
    public void Summary_json_writes_every_metric_per_model_and_reads_it_back()
    {
        // given
        var summary = RunSummarizer.Summarize(s_mixed, SummaryOptions.Default);
        using var stream = new MemoryStream();

        // when
        SummaryJsonWriter.Write(stream, summary, null, "0.1.0-test", DateTimeOffset.UnixEpoch);
        var root = JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!.AsObject();
        var loaded = SummaryJsonReader.Read(root);

        // then
        var byModel = root["by_model"]!.AsObject();
        Assert.Equal(["a", "b"], byModel.Select(model => model.Key));
        Assert.All(MetricCatalog.All, metric => Assert.True(byModel["a"]!.AsObject().ContainsKey(metric.Key), metric.Key));
        Assert.Equal(2, (int)byModel["a"]!["completed"]!);
        Assert.Equal(50.0, (double)byModel["b"]!["mean_ttft_ms"]!);
        Assert.Equal(["a", "b"], loaded.ByModel!.Select(m => m.Model));
        Assert.Equal(summary.ByModel![0].Summary.Ttft.P99, loaded.ByModel![0].Summary.Ttft.P99);
    }
}
