namespace LlmLoad.Core.Recording;

/// <summary>
/// Everything measured about one request: its full timeline and outcome (metrics.md).
/// Times ending in <c>Ms</c> are milliseconds on the run's monotonic clock, measured from the
/// run's origin; <see cref="SentAtUnixMs"/> anchors them to wall-clock time so that records
/// from several machines can be merged. Summaries are always derived from these records.
/// </summary>
public sealed record RequestRecord
{
    /// <summary>Identifies the run (and machine) that produced the record.</summary>
    public required string RunId { get; init; }

    /// <summary>Position of the request in the run's schedule, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The multi-turn session the request belongs to (unique within the run); null for single-turn workloads.</summary>
    public string? SessionId { get; init; }

    /// <summary>The request's turn within its session, from 1; null for single-turn workloads.</summary>
    public int? Turn { get; init; }

    /// <summary>The model the request named (<c>--model</c>; one of a mix's models); null in records from before it was kept.</summary>
    public string? Model { get; init; }

    /// <summary>The source of the request's prompt under <c>--dataset-mix</c> (<c>synthetic</c>, <c>sharegpt:PATH</c>...); null for a single dataset.</summary>
    public string? Dataset { get; init; }

    /// <summary>Warm-up requests are recorded but excluded from every aggregate.</summary>
    public bool Warmup { get; init; }

    /// <summary>When the load model wanted the request sent.</summary>
    public required double ScheduledAtMs { get; init; }

    /// <summary>Just before the request was handed to the HTTP stack.</summary>
    public required double SentAtMs { get; init; }

    /// <summary>Wall-clock time of <see cref="SentAtMs"/>, milliseconds since the Unix epoch.</summary>
    public required double SentAtUnixMs { get; init; }

    /// <summary>First event whose delta carried non-empty text (content or reasoning); null for a non-streamed answer, whose first token time is unknown.</summary>
    public double? FirstTokenAtMs { get; init; }

    /// <summary>First event with non-empty <c>content</c>.</summary>
    public double? FirstContentAtMs { get; init; }

    /// <summary>Last event carrying text; for a non-streamed answer, when the whole body arrived.</summary>
    public double? LastTokenAtMs { get; init; }

    /// <summary><c>[DONE]</c> received or the stream closed cleanly; for failures, when the failure was seen.</summary>
    public double? DoneAtMs { get; init; }

    /// <summary>Arrival time of every text-carrying event, in order.</summary>
    public IReadOnlyList<double> ChunkAtMs { get; init; } = [];

    /// <summary>Token count of each text-carrying event by our tokenizer, parallel to <see cref="ChunkAtMs"/>.</summary>
    public IReadOnlyList<int> ChunkTokens { get; init; } = [];

    public required RequestOutcome Outcome { get; init; }

    /// <summary>HTTP status when a response arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Short description of the failure (body excerpt, exception message), never a secret.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The server's <c>Retry-After</c>, in seconds, when it sent one (recorded, never obeyed).</summary>
    public double? RetryAfterSeconds { get; init; }

    /// <summary>Prompt length by our tokenizer; for a session's turn, the whole conversation sent (history included).</summary>
    public required int PromptTokens { get; init; }

    /// <summary><c>usage.prompt_tokens</c> as the server reported it.</summary>
    public int? ServerPromptTokens { get; init; }

    /// <summary>The <c>max_tokens</c> asked for.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Output length used by the metrics: <see cref="UsageOutputTokens"/> when present, else <see cref="TokenizerOutputTokens"/>.</summary>
    public int OutputTokens { get; init; }

    /// <summary>Where <see cref="OutputTokens"/> came from: <c>usage</c>, <c>tokenizer</c> or <c>none</c>.</summary>
    public string OutputTokensSource { get; init; } = "none";

    /// <summary><c>usage.completion_tokens</c> from the final usage chunk.</summary>
    public int? UsageOutputTokens { get; init; }

    /// <summary>The generated text counted with the configured tokenizer.</summary>
    public int? TokenizerOutputTokens { get; init; }

    /// <summary>Number of text-carrying events that were reasoning rather than content.</summary>
    public int ReasoningChunks { get; init; }

    public string? FinishReason { get; init; }

    public bool IsSuccess => Outcome == RequestOutcome.Ok;
}
