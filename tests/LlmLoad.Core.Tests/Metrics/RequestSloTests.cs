using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class RequestSloTests
{
    [Fact]
    public void Thresholds_parse_in_milliseconds_or_seconds()
    {
        string text = "ttft<=500, tpot<=50ms,e2el<=2.5s,itl <= 200";

        bool parsed = RequestSlo.TryParse(text, out RequestSlo? slo, out IReadOnlyList<string> errors);

        Assert.True(parsed, string.Join("; ", errors));
        Assert.Equal(new RequestSlo { TtftMs = 500, TpotMs = 50, E2elMs = 2500, ItlMs = 200 }, slo);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        string text = "ttft<500,foo<=1,tpot<=fast,,e2el<=-1,ttft<=2,ttft<=3";

        bool parsed = RequestSlo.TryParse(text, out RequestSlo? slo, out IReadOnlyList<string> errors);

        Assert.False(parsed);
        Assert.Null(slo);
        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.Contains("must use \"<=\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown metric \"foo\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"fast\" is not a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("empty term", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("non-negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Ttft_tpot_and_itl_are_the_terms_only_a_stream_measures()
    {
        var slo = new RequestSlo { TtftMs = 500, ItlMs = 100, E2elMs = 10_000 };

        Assert.Equal([RequestSloMetric.Ttft, RequestSloMetric.Itl], slo.StreamOnlyMetrics());
        Assert.Empty(new RequestSlo { E2elMs = 10_000 }.StreamOnlyMetrics());
    }

    [Fact]
    public void Vllms_spelling_parses_as_milliseconds()
    {
        string text = "ttft:500 tpot:50  e2el:10000";

        bool parsed = RequestSlo.TryParse(text, out RequestSlo? slo, out IReadOnlyList<string> errors);

        Assert.True(parsed, string.Join("; ", errors));
        Assert.Equal(new RequestSlo { TtftMs = 500, TpotMs = 50, E2elMs = 10_000 }, slo);
    }

    [Fact]
    public void Vllms_terms_joined_by_commas_parse_the_same()
    {
        // what the CLI gives when `--goodput ttft:500 tpot:50` arrives as two tokens
        string text = "ttft:500,tpot:50.5";

        bool parsed = RequestSlo.TryParse(text, out RequestSlo? slo, out _);

        Assert.True(parsed);
        Assert.Equal(new RequestSlo { TtftMs = 500, TpotMs = 50.5 }, slo);
    }

    [Fact]
    public void The_two_spellings_mix_term_by_term()
    {
        // what the CLI gives for `--goodput ttft:500 "tpot<=0.05s"`
        string text = "ttft:500,tpot<=0.05s";

        bool parsed = RequestSlo.TryParse(text, out RequestSlo? slo, out IReadOnlyList<string> errors);

        Assert.True(parsed, string.Join("; ", errors));
        Assert.Equal(new RequestSlo { TtftMs = 500, TpotMs = 50 }, slo);
    }

    [Fact]
    public void Every_problem_in_vllms_spelling_is_reported_at_once()
    {
        string text = "ttft:fast tpot foo:5 e2el:-1 ttft:3";

        bool parsed = RequestSlo.TryParse(text, out RequestSlo? slo, out IReadOnlyList<string> errors);

        Assert.False(parsed);
        Assert.Null(slo);
        Assert.Equal(
        [
            "goodput SLO \"ttft:fast\" must be KEY:MILLISECONDS as vLLM writes it (e.g. \"ttft:500\"), or KEY<=TIME (e.g. \"ttft<=500ms\").",
            "goodput SLO \"tpot\" must be KEY:MILLISECONDS as vLLM writes it (e.g. \"ttft:500\"), or KEY<=TIME (e.g. \"ttft<=500ms\").",
            "goodput SLO \"foo:5\": unknown metric \"foo\"; expected ttft, tpot, itl or e2el.",
            "goodput SLO \"e2el:-1\" needs a non-negative time in ms or s, e.g. \"e2el<=500ms\".",
        ], errors);
    }

    [Fact]
    public void Each_term_is_checked_on_its_own_for_attainment()
    {
        var slo = new RequestSlo { TtftMs = 100, TpotMs = 10 };
        RequestRecord slowFirstToken = Records.Ok(sentMs: 0, chunksMs: [150, 160], outputTokens: 2);
        RequestRecord failed = Records.Failed(sentMs: 0, doneMs: 10);

        Assert.False(slo.IsMetBy(slowFirstToken, RequestSloMetric.Ttft));
        Assert.True(slo.IsMetBy(slowFirstToken, RequestSloMetric.Tpot));
        Assert.False(slo.IsMetBy(failed, RequestSloMetric.Tpot));
        Assert.Equal([RequestSloMetric.Ttft, RequestSloMetric.Tpot], slo.Metrics);
    }

    [Fact]
    public void The_text_form_parses_back_to_the_same_slo()
    {
        var slo = new RequestSlo { TtftMs = 500, TpotMs = 12.5, E2elMs = 3000 };

        string text = slo.ToString();
        RequestSlo.TryParse(text, out RequestSlo? parsed, out _);

        Assert.Equal("ttft<=500ms,tpot<=12.5ms,e2el<=3000ms", text);
        Assert.Equal(slo, parsed);
    }

    [Fact]
    public void A_threshold_is_met_by_a_value_equal_to_it()
    {
        var slo = new RequestSlo { TtftMs = 100, E2elMs = 300 };
        RequestRecord atLimit = Records.Ok(sentMs: 0, chunksMs: [100, 300], outputTokens: 2);
        RequestRecord over = Records.Ok(sentMs: 0, chunksMs: [100, 300.001], outputTokens: 2);

        bool atLimitMeets = slo.IsMetBy(atLimit);
        bool overMeets = slo.IsMetBy(over);

        Assert.True(atLimitMeets);
        Assert.False(overMeets);
    }

    [Fact]
    public void A_failed_request_never_meets_an_slo()
    {
        var slo = new RequestSlo { E2elMs = 10_000 };
        RequestRecord failed = Records.Failed(sentMs: 0, doneMs: 10, RequestOutcome.StreamTruncated) with
        {
            FirstTokenAtMs = 5, LastTokenAtMs = 8,
        };

        bool meets = slo.IsMetBy(failed);

        Assert.False(meets);
    }

    [Fact]
    public void A_one_token_output_passes_tpot_as_in_vllm()
    {
        var slo = new RequestSlo { TpotMs = 1 };
        RequestRecord oneToken = Records.Ok(sentMs: 0, chunksMs: [500], outputTokens: 1);

        bool meets = slo.IsMetBy(oneToken);

        Assert.True(meets);
    }

    [Fact]
    public void Itl_slo_fails_on_the_longest_stall_even_when_the_mean_gap_is_small()
    {
        var slo = new RequestSlo { ItlMs = 100 };
        double[] chunks = [.. Records.Chunks(100, 10, 20), 1000];
        RequestRecord stalled = Records.Ok(sentMs: 0, chunksMs: chunks, outputTokens: chunks.Length);

        bool meets = slo.IsMetBy(stalled);

        Assert.False(meets);
    }
}
