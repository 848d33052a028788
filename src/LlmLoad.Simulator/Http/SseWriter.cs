using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Writes one response's server-sent events straight into Kestrel's pipe, flushed per batch so each leaves at its step
/// boundary. Chat and text completions are <c>data: {json}</c> chunks ending with <c>data: [DONE]</c>; the Responses and
/// Messages APIs are named events (<c>event: type</c> and <c>data: {json}</c>, <see cref="ResponsesJson"/>,
/// <see cref="MessagesJson"/>) whose opening events leave with the first text and whose closing events carry the usage.
/// </summary>
internal sealed class SseWriter(PipeWriter pipe, ResponseHeader header, int promptTokens)
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Utf8JsonWriter _json = new(pipe, s_options);

    // the Responses API repeats the whole text in its closing events
    private readonly StringBuilder? _text = header.Kind == CompletionKind.Responses ? new StringBuilder() : null;

    private bool _started;
    private bool _inEvent;
    private int _sequence;

    /// <summary>One chunk of text; the first also opens the answer (chat's role, the typed APIs' opening events).</summary>
    public ValueTask WriteTokensAsync(string text, string? finishReason, CancellationToken cancellationToken)
    {
        var first = !_started;
        _started = true;
        switch (header.Kind)
        {
            case CompletionKind.Responses:
                if (first)
                {
                    var inProgress = new ResponseState("in_progress");
                    Event("response.created"u8);
                    ResponsesJson.WriteResponseEvent(_json, header, "response.created", _sequence++, inProgress);
                    Event("response.in_progress"u8);
                    ResponsesJson.WriteResponseEvent(_json, header, "response.in_progress", _sequence++, inProgress);
                    Event("response.output_item.added"u8);
                    ResponsesJson.WriteOutputItem(_json, header, "response.output_item.added", _sequence++, text: null);
                    Event("response.content_part.added"u8);
                    ResponsesJson.WriteContentPart(_json, header, "response.content_part.added", _sequence++, "");
                }

                _text!.Append(text);
                Event(ResponsesJson.TextDelta);
                ResponsesJson.WriteText(_json, header, _sequence++, text, done: false);
                break;
            case CompletionKind.Messages:
                if (first)
                {
                    Event("message_start"u8);
                    MessagesJson.WriteMessageStart(_json, header, promptTokens);
                    Event("content_block_start"u8);
                    MessagesJson.WriteContentBlockStart(_json);
                }

                Event(MessagesJson.TextDelta);
                MessagesJson.WriteTextDelta(_json, text);
                break;
            default:
                Event([]);
                CompletionJson.WriteChunk(_json, header, text, withRole: first && header.Kind == CompletionKind.Chat, finishReason);
                break;
        }

        return FlushAsync(cancellationToken);
    }

    /// <summary>Closes the answer after its last text: chat's usage chunk (when asked for) and [DONE], or the typed APIs' closing events.</summary>
    public ValueTask WriteEndAsync(string finishReason, int completionTokens, bool includeUsage, CancellationToken cancellationToken)
    {
        switch (header.Kind)
        {
            case CompletionKind.Responses:
                var text = _text!.ToString();
                Event("response.output_text.done"u8);
                ResponsesJson.WriteText(_json, header, _sequence++, text, done: true);
                Event("response.content_part.done"u8);
                ResponsesJson.WriteContentPart(_json, header, "response.content_part.done", _sequence++, text);
                Event("response.output_item.done"u8);
                ResponsesJson.WriteOutputItem(_json, header, "response.output_item.done", _sequence++, text);
                // OpenAI ends an answer cut by max_output_tokens with response.incomplete
                var (type, status) = finishReason == "length" ? ("response.incomplete", "incomplete") : ("response.completed", "completed");
                Event(Encoding.UTF8.GetBytes(type));
                ResponsesJson.WriteResponseEvent(_json, header, type, _sequence++, new ResponseState(status, text, promptTokens, completionTokens));
                break;
            case CompletionKind.Messages:
                Event("content_block_stop"u8);
                MessagesJson.WriteContentBlockStop(_json);
                Event("message_delta"u8);
                MessagesJson.WriteMessageDelta(_json, finishReason, promptTokens, completionTokens);
                Event("message_stop"u8);
                MessagesJson.WriteMessageStop(_json);
                break;
            default:
                if (includeUsage)
                {
                    Event([]);
                    CompletionJson.WriteUsageChunk(_json, header, promptTokens, completionTokens);
                }

                EndEvent();
                pipe.Write("data: [DONE]\n\n"u8);
                return FlushAsync(cancellationToken);
        }

        return FlushAsync(cancellationToken);
    }

    /// <summary>Fault injection: a text event whose data is JSON cut off mid-object.</summary>
    public ValueTask WriteMalformedAsync(CancellationToken cancellationToken)
    {
        EndEvent();
        switch (header.Kind)
        {
            case CompletionKind.Responses or CompletionKind.Messages:
                var type = header.Kind == CompletionKind.Responses ? ResponsesJson.TextDelta : MessagesJson.TextDelta;
                pipe.Write("event: "u8);
                pipe.Write(type);
                pipe.Write("\ndata: {\"type\":\""u8);
                pipe.Write(type);
                pipe.Write("\",\"delta\":\n\n"u8);
                break;
            default:
                pipe.Write("data: {\"id\":\""u8);
                pipe.Write(Encoding.UTF8.GetBytes(header.Id));
                pipe.Write("\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n"u8);
                break;
        }

        return FlushAsync(cancellationToken);
    }

    /// <summary>Ends the event being written, if any, and starts one: its <c>event:</c> line when named, then <c>data: </c>.</summary>
    private void Event(ReadOnlySpan<byte> name)
    {
        EndEvent();
        if (!name.IsEmpty)
        {
            pipe.Write("event: "u8);
            pipe.Write(name);
            pipe.Write("\n"u8);
        }

        pipe.Write("data: "u8);
        _json.Reset(pipe);
        _inEvent = true;
    }

    private void EndEvent()
    {
        if (_inEvent)
        {
            _json.Flush();
            pipe.Write("\n\n"u8);
            _inEvent = false;
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        EndEvent();
        await pipe.FlushAsync(cancellationToken);
    }
}
