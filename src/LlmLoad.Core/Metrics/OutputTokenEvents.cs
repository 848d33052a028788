using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// When a request's output tokens arrived. Its output token count (usage, else tokenizer) is shared out over its
/// text-carrying events in proportion to each event's tokenizer count (evenly when those are missing or all zero),
/// in whole tokens that add up to the count exactly. Re-tokenised fragments rarely add up to the server's usage
/// count, so counting them as they are would make the time series disagree with <c>total_output_tokens</c>; the
/// totals and the series both read this, so they cannot.
/// </summary>
public static class OutputTokenEvents
{
    /// <summary>
    /// Each arrival of output tokens up to <paramref name="endMs"/>, in order, with the tokens it carried. A request
    /// without events (a body read whole) delivered all of them at its last token, else at its end.
    /// </summary>
    public static IEnumerable<(double AtMs, int Tokens)> ArrivedBy(RequestRecord record, double endMs)
    {
        ArgumentNullException.ThrowIfNull(record);
        IReadOnlyList<double> chunkAtMs = record.ChunkAtMs;
        if (chunkAtMs.Count == 0)
        {
            double atMs = record.LastTokenAtMs ?? RequestLatency.EndMs(record);
            if (atMs <= endMs)
            {
                yield return (atMs, record.OutputTokens);
            }
            yield break;
        }
        int[] perEvent = PerEvent(record);
        for (int i = 0; i < perEvent.Length && chunkAtMs[i] <= endMs; i++)
        {
            yield return (chunkAtMs[i], perEvent[i]);
        }
    }

    /// <summary>Tokens carried by each event, parallel to <see cref="RequestRecord.ChunkAtMs"/>.</summary>
    private static int[] PerEvent(RequestRecord record)
    {
        int events = record.ChunkAtMs.Count;
        var shares = new int[events];
        long chunkTokens = record.ChunkTokens.Count == events ? record.ChunkTokens.Sum(t => (long)t) : 0;
        long totalWeight = chunkTokens > 0 ? chunkTokens : events;
        long weightSoFar = 0;
        long sharedSoFar = 0;
        for (int i = 0; i < events; i++)
        {
            weightSoFar += chunkTokens > 0 ? record.ChunkTokens[i] : 1;
            // the running share is floored, so each event gets a whole number and the last one closes the sum
            long sharedUpToHere = record.OutputTokens * weightSoFar / totalWeight;
            shares[i] = (int)(sharedUpToHere - sharedSoFar);
            sharedSoFar = sharedUpToHere;
        }
        return shares;
    }
}
