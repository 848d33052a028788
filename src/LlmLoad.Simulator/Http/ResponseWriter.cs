using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmLoad.Simulator.Frontend;
using LlmLoad.Simulator.Hosting;
using LlmLoad.Simulator.Profiles;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Turns one request's token events into its HTTP response: SSE chunks at step boundaries, or one JSON
/// body after the last token. Applies merge_prob (a token held back and sent with the next), coalescing
/// (events that queued up while the writer was behind leave as one chunk), and the planned fault.
/// </summary>
internal sealed class ResponseWriter(
    HttpContext context,
    ResponseHeader header,
    CompletionRequest request,
    AdmissionDecision decision,
    SimulatedRequest simulated,
    Random random,
    SimulatorProfile profile,
    RealTimeEngineHost host,
    ServerMetrics metrics)
{
    private string FinishReason => decision.StopsEarly ? "stop" : "length";

    /// <summary>Writes the response; returns true when the request ran to its last token.</summary>
    public Task<bool> WriteAsync(CancellationToken cancellationToken) =>
        request.Stream ? StreamAsync(cancellationToken) : RespondAsync(cancellationToken);

    private async Task<bool> StreamAsync(CancellationToken cancellationToken)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        var sse = new SseWriter(context.Response.BodyWriter, header, request.PromptTokens);
        var reader = simulated.Events;
        var seen = 0;  // tokens the engine has reported
        var sent = 0;  // tokens whose text has left (or was lost in a malformed event)
        while (true)
        {
            if (!reader.TryRead(out var tokenEvent))
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    return false;
                }

                continue;
            }

            var (generated, isFinal) = (tokenEvent.GeneratedTokens, tokenEvent.IsFinal);
            while (profile.CoalesceChunks && !isFinal && reader.TryRead(out var more))
            {
                (generated, isFinal) = (more.GeneratedTokens, more.IsFinal);
            }

            if (decision.FaultStrikesBetween(seen, generated))
            {
                var upTo = decision.FaultAfterTokens;
                if (decision.Fault != StreamFault.MalformedEvent)
                {
                    if (upTo > sent)
                    {
                        await sse.WriteTokensAsync(Words(upTo - sent), null, cancellationToken);
                    }

                    Cut();
                    return false;
                }

                await sse.WriteMalformedAsync(cancellationToken);
                metrics.CountMalformedEvent();
                sent = upTo;
            }

            seen = generated;
            var heldBack = sent > 0 && !isFinal && profile.MergeProb > 0 && random.NextDouble() < profile.MergeProb;
            if (generated == sent || heldBack)
            {
                continue;
            }

            await sse.WriteTokensAsync(Words(generated - sent), isFinal ? FinishReason : null, cancellationToken);
            sent = generated;
            if (isFinal)
            {
                break;
            }
        }

        await sse.WriteEndAsync(FinishReason, seen, request.IncludeUsage, cancellationToken);
        metrics.Count(decision.StopsEarly ? SimulatedOutcome.FinishedStop : SimulatedOutcome.FinishedLength);
        return true;
    }

    private async Task<bool> RespondAsync(CancellationToken cancellationToken)
    {
        var seen = 0;
        var malformed = false;
        await foreach (var tokenEvent in simulated.Events.ReadAllAsync(cancellationToken))
        {
            if (decision.FaultStrikesBetween(seen, tokenEvent.GeneratedTokens))
            {
                if (decision.Fault != StreamFault.MalformedEvent)
                {
                    Cut();
                    return false;
                }

                malformed = true;
            }

            seen = tokenEvent.GeneratedTokens;
            if (tokenEvent.IsFinal)
            {
                break;
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;
        if (malformed)
        {
            body.Write("{\"id\":\""u8);
            body.Write(Encoding.UTF8.GetBytes(header.Id));
            body.Write("\",\"choices\":[{\"index\":0,"u8);
            metrics.CountMalformedEvent();
        }
        else
        {
            using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            CompletionJson.WriteBody(json, header, Words(seen), FinishReason, request.PromptTokens, seen);
        }

        await body.FlushAsync(cancellationToken);
        metrics.Count(decision.StopsEarly ? SimulatedOutcome.FinishedStop : SimulatedOutcome.FinishedLength);
        return true;
    }

    /// <summary>The planned cut or disconnect: stop the sequence and drop the connection without [DONE].</summary>
    private void Cut()
    {
        host.Abort(simulated);
        metrics.Count(decision.Fault == StreamFault.OverloadCut ? SimulatedOutcome.StreamCut : SimulatedOutcome.Disconnect);
        context.Abort();
    }

    private string Words(int count)
    {
        if (count == 1)
        {
            return GeneratedText.NextWord(random);
        }

        var text = new StringBuilder(count * 8);
        for (var i = 0; i < count; i++)
        {
            text.Append(GeneratedText.NextWord(random));
        }

        return text.ToString();
    }
}
