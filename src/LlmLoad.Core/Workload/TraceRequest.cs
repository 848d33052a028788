namespace LlmLoad.Core.Workload;

/// <summary>One request of a Mooncake or Azure trace: when it came and how long it was, but not its text.</summary>
/// <param name="LineNumber">1-based line in the file, for error messages.</param>
/// <param name="TimestampMs">Arrival in ms: from the trace's start (Mooncake), or from the file's first line (Azure, whose times are absolute).</param>
/// <param name="InputTokens">Prompt length in tokens (<c>input_length</c>, <c>ContextTokens</c>).</param>
/// <param name="OutputTokens">Reply length in tokens (<c>output_length</c>, <c>GeneratedTokens</c>), sent as <c>max_tokens</c>.</param>
/// <param name="HashIds">Mooncake's block ids: entry k stands for prompt tokens [512k, 512(k+1)), equal ids for equal content; null when the trace has none.</param>
internal sealed record TraceRequest(int LineNumber, double TimestampMs, int InputTokens, int OutputTokens, IReadOnlyList<int>? HashIds);
