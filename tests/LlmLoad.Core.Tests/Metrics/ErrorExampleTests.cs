using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class ErrorExampleTests
{
    [Fact]
    public void Each_class_and_status_is_explained_by_its_lowest_index_failure_whatever_finished_first()
    {
        // given two 503s (index 5 finished first) and one timeout; warm-up and cancelled requests do not count
        RequestRecord[] records =
        [
            Records.Failed(sentMs: 0, doneMs: 10, RequestOutcome.HttpStatus, 503, index: 5) with { ErrorMessage = "later index" },
            Records.Failed(sentMs: 0, doneMs: 90, RequestOutcome.HttpStatus, 503, index: 2) with { ErrorMessage = "HTTP 503: first" },
            Records.Failed(sentMs: 0, doneMs: 50, RequestOutcome.TimeoutTtft, index: 3) with { ErrorMessage = "no first token within 1 s" },
            Records.Failed(sentMs: 0, doneMs: 5, RequestOutcome.HttpStatus, 503, index: 0) with { Warmup = true, ErrorMessage = "warm-up" },
            Records.Failed(sentMs: 0, doneMs: 5, RequestOutcome.Cancelled, index: 1),
        ];

        // when
        var summary = RunSummarizer.Summarize(records, SummaryOptions.Default);

        // then the examples line up with the counts by class and status
        Assert.Equal(["http_status 503: HTTP 503: first", "timeout_ttft: no first token within 1 s"],
            summary.ErrorExamples.Select(example => $"{example.Label}: {example.Message}"));
        Assert.Equal(summary.ErrorsByClassAndStatus.Select(error => error.Label), summary.ErrorExamples.Select(example => example.Label));
    }
}
