using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>What the first failed request (lowest index) of one error class and HTTP status said, so a reader sees the cause, not only a count.</summary>
public sealed record ErrorExample(RequestOutcome Outcome, int? HttpStatus, string Message)
{
    /// <summary>The same label as <see cref="ErrorCount.Label"/>: <c>http_status 503</c>.</summary>
    public string Label => ErrorCount.LabelOf(Outcome, HttpStatus);
}
