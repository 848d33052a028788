using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class SloSetTests
{
    [Fact]
    public void Names_map_to_catalogue_keys_and_thresholds_to_stored_units()
    {
        string text = "ttft_p99<=2000,tpot_mean<=50ms,e2el_p99.9<=3s,itl_p50<20,success_rate>=99%,request_throughput>10";

        bool parsed = SloSet.TryParse(text, out SloSet? set, out IReadOnlyList<string> errors);

        Assert.True(parsed, string.Join("; ", errors));
        Assert.Equal(
            "p99_ttft_ms<=2000,mean_tpot_ms<=50,p99.9_e2el_ms<=3000,median_itl_ms<20,success_rate>=0.99,request_throughput>10",
            set!.ToString());
    }

    [Fact]
    public void The_p99_9_key_of_older_summaries_names_the_same_metric_as_vllms_p99_point_9()
    {
        SloSet.TryParse("p99_9_e2el_ms<=3000", out SloSet? old, out _);

        SloSet.TryParse("p99.9_e2el_ms<=3000", out SloSet? current, out _);

        Assert.Equal(current!.Conditions, old!.Conditions);
    }

    [Fact]
    public void The_text_form_parses_back_to_an_equal_set()
    {
        SloSet.TryParse("client_queue_time_p95<=10,e2el_including_client_queue_max<=1s", out SloSet? set, out _);

        SloSet.TryParse(set!.ToString(), out SloSet? again, out _);

        Assert.Equal(set.Conditions, again!.Conditions);
    }

    [Fact]
    public void Unknown_metrics_and_unfitting_units_are_all_reported()
    {
        string text = "ttft_p42<=1,request_throughput>=5ms,success_rate>=2s";

        bool parsed = SloSet.TryParse(text, out SloSet? set, out IReadOnlyList<string> errors);

        Assert.False(parsed);
        Assert.Null(set);
        Assert.Equal(3, errors.Count);
        Assert.Contains("unknown metric \"ttft_p42\"", errors[0], StringComparison.Ordinal);
        Assert.Contains("does not fit request_throughput", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_returns_each_condition_with_its_measured_value()
    {
        RunSummary summary = RunSummarizer.Summarize(
            [Records.Ok(0, [100, 200], 2), Records.Ok(0, [300, 400], 2)], SummaryOptions.Default);
        SloSet.TryParse("ttft_max<=300,ttft_mean<200", out SloSet? set, out _);

        SloEvaluation evaluation = set!.Evaluate(summary);

        Assert.False(evaluation.Passed);
        Assert.Equal([(300.0, true), (200.0, false)], evaluation.Results.Select(r => (r.Actual!.Value, r.Passed)));
    }

    [Fact]
    public void An_undefined_value_fails_its_condition()
    {
        RunSummary empty = RunSummarizer.Summarize([], SummaryOptions.Default);
        SloSet.TryParse("tpot_p99<=1000", out SloSet? set, out _);

        SloEvaluation evaluation = set!.Evaluate(empty);

        Assert.False(evaluation.Passed);
        Assert.Null(evaluation.Results[0].Actual);
    }
}
