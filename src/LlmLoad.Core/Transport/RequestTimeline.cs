using LlmLoad.Core.Recording;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Transport;

/// <summary>The mutable timeline of one request while it is in flight; frozen into a <see cref="RequestRecord"/> at the end.</summary>
internal sealed class RequestTimeline(PreparedRequest request, string runId, double scheduledAtMs)
{
    /// <summary>Lists are sized for max_tokens up to this many, so they do not grow; beyond it they grow as needed (memory per stream stays bounded).</summary>
    private const int PresizedTokens = 4096;

    private readonly List<double> _chunkAtMs = new(Math.Min(request.MaxTokens, PresizedTokens) + 1);
    private readonly ResponseTextCollector _text = new(Math.Min(request.MaxTokens, PresizedTokens));

    public double SentAtMs { get; set; }
    public double SentAtUnixMs { get; set; }
    public double? FirstTokenAtMs { get; private set; }
    public double? FirstContentAtMs { get; private set; }
    public double? LastTokenAtMs { get; private set; }
    public double? DoneAtMs { get; set; }
    public int? HttpStatus { get; set; }
    public double? RetryAfterSeconds { get; set; }
    public string? FinishReason { get; set; }
    public int? ServerPromptTokens { get; set; }
    public int? UsageOutputTokens { get; set; }
    public bool SawDone { get; set; }
    public int ReasoningChunks { get; private set; }

    /// <summary>True when the text came in one non-streamed body: no token times were measured, only its arrival.</summary>
    public bool WholeBody { get; private set; }

    public bool HasText => LastTokenAtMs is not null;

    /// <summary>How many UTF-8 bytes of text the response carried, which sets what counting its tokens costs.</summary>
    public int TextBytes => _text.Utf8Length;

    /// <summary>
    /// Records an event carrying text, arrived at <paramref name="atMs"/>; text the chunk reader left in place is
    /// read from <paramref name="payload"/>, the event's SSE data.
    /// </summary>
    public void AddText(double atMs, in StreamEvent streamEvent, ReadOnlySpan<byte> payload)
    {
        FirstTokenAtMs ??= atMs;
        if (streamEvent.HasContent)
        {
            FirstContentAtMs ??= atMs;
        }
        else
        {
            ReasoningChunks++;
        }
        LastTokenAtMs = atMs;
        _chunkAtMs.Add(atMs);
        _text.StartChunk();
        _text.Append(streamEvent.Reasoning);
        _text.Append(streamEvent.ReasoningInPayload.Of(payload));
        _text.Append(streamEvent.Content);
        _text.Append(streamEvent.ContentInPayload.Of(payload));
        if (request.Reply is { } reply)
        {
            reply.Append(streamEvent.Content);
            reply.Append(streamEvent.ContentInPayload.Of(payload));
        }
    }

    /// <summary>
    /// Records the text of a non-streamed body that arrived at <paramref name="atMs"/>. That is when the last token
    /// arrived; when the first one was generated is not known, so there is no first-token time and no event times
    /// (TTFT, TPOT and ITL stay undefined instead of being made up from the body's arrival).
    /// </summary>
    public void AddWholeBody(double atMs, in StreamEvent body)
    {
        WholeBody = true;
        LastTokenAtMs = atMs;
        _text.StartChunk();
        _text.Append(body.Reasoning);
        _text.Append(body.Content);
    }

    /// <summary>Takes what a non-streamed or streamed event says besides text.</summary>
    public void AddMetadata(in StreamEvent streamEvent)
    {
        FinishReason = streamEvent.FinishReason ?? FinishReason;
        ServerPromptTokens = streamEvent.PromptTokens ?? ServerPromptTokens;
        UsageOutputTokens = streamEvent.CompletionTokens ?? UsageOutputTokens;
    }

    public RequestRecord ToRecord(RequestOutcome outcome, string? errorMessage, Tokenizer tokenizer)
    {
        var (chunkTokens, tokenizerTotal) = _text.CountTokens(tokenizer, UsageOutputTokens);
        int? tokenizerOutputTokens = _text.ChunkCount > 0 ? tokenizerTotal : null;
        var (outputTokens, source) = (UsageOutputTokens, tokenizerOutputTokens) switch
        {
            // a usage of 0 beside text cannot be right (vLLM falls back to its tokenizer too); the record keeps both
            // counts, so the summary reports the disagreement as a token-count mismatch
            (0, > 0 and var counted) => (counted, "tokenizer"),
            ({ } usage, _) => (usage, "usage"),
            (null, { } counted) => (counted, "tokenizer"),
            _ => (0, "none"),
        };
        return new RequestRecord
        {
            RunId = runId,
            Index = request.Index,
            Model = request.Model,
            Dataset = request.Dataset,
            Warmup = request.Warmup,
            ScheduledAtMs = scheduledAtMs,
            SentAtMs = SentAtMs,
            SentAtUnixMs = SentAtUnixMs,
            FirstTokenAtMs = FirstTokenAtMs,
            FirstContentAtMs = FirstContentAtMs,
            LastTokenAtMs = LastTokenAtMs,
            DoneAtMs = DoneAtMs,
            // exact size: the list was sized for max_tokens, and a run keeps every record in memory
            // (10-minute soak: 1.8 KB per record before, see docs/soak.md)
            ChunkAtMs = _chunkAtMs.ToArray(),
            // parallel to ChunkAtMs: a whole body has no events
            ChunkTokens = WholeBody ? [] : chunkTokens,
            Outcome = outcome,
            HttpStatus = HttpStatus,
            ErrorMessage = errorMessage,
            RetryAfterSeconds = RetryAfterSeconds,
            PromptTokens = request.PromptTokens,
            ServerPromptTokens = ServerPromptTokens,
            MaxTokens = request.MaxTokens,
            OutputTokens = outputTokens,
            OutputTokensSource = source,
            UsageOutputTokens = UsageOutputTokens,
            TokenizerOutputTokens = tokenizerOutputTokens,
            ReasoningChunks = ReasoningChunks,
            FinishReason = FinishReason,
        };
    }
}
