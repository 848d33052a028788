using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Running;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Sends one request and turns whatever happens into a <see cref="RequestRecord"/>; it never throws
/// for a failed or malformed response. This is the measurement hot path and is kept in one file.
/// </summary>
/// <remarks>
/// Steps: stamp <c>sent_at</c> just before <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>
/// (headers-read mode); on a non-2xx status record the status, a body excerpt and <c>Retry-After</c>;
/// refuse a body with a <c>Content-Encoding</c> (none was asked for); otherwise read SSE events, stamping
/// each one as <see cref="SseEventReader"/> hands it over (before its JSON is read; chunks by <see cref="OpenAiResponseParser"/>,
/// Responses and Messages events by <see cref="TypedEventParser"/>), until <c>[DONE]</c> (or the API's last event) or the end of the
/// stream; then classify the outcome, with the API key and secret header values cut out of any message; finally, with
/// the connection released, count the output tokens (a long text on the thread pool, see <see cref="ExecuteAsync"/>).
/// docs/errors.md lists which failure becomes which class.
/// </remarks>
public sealed class RequestExecutor(HttpClient client, EndpointOptions endpoint, RunClock clock, Tokenizer tokenizer, string runId)
{
    /// <summary>Error bodies are cut to this many bytes in records.</summary>
    public const int BodyExcerptBytes = 300;

    /// <summary>A non-streamed body larger than this is refused as malformed (keeps memory bounded).</summary>
    private const int MaxResponseBodyBytes = 16 * 1024 * 1024;

    /// <summary>An SSE line longer than this fails the request as malformed; real chunks are well under 64 KiB.</summary>
    public const int MaxSseLineBytes = 1024 * 1024;

    /// <summary>How long the end of a body is waited for after <c>[DONE]</c>, and how much of it is read.</summary>
    private static readonly TimeSpan BodyEndWait = TimeSpan.FromMilliseconds(200);

    private const int MaxTailBytes = 64 * 1024;

    /// <summary>
    /// Texts up to this many UTF-8 bytes are counted where the response ended: 100 tokens of prose take about 26 us
    /// (BENCHMARKS.md § "Micro-benchmarks"), and even 4 KB of base64 stays within a few ms. Longer ones go to the thread pool.
    /// </summary>
    private const int InlineCountBytes = 4 * 1024;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    // built once: EndpointOptions.RequestUri costs 0.5 us and 792 B per call (BENCHMARKS.md § "Micro-benchmarks")
    private readonly Uri _requestUri = endpoint.RequestUri;

    /// <summary>The Responses and Messages APIs stream events named by their <c>type</c>; chat and completions stream chunks.</summary>
    private readonly bool _typedEvents = endpoint.Api is EndpointApi.Responses or EndpointApi.Messages;

    private readonly Lock _slowestCountLock = new();
    private double _slowestTokenCountMs;

    /// <summary>The longest token count of one response handed to the thread pool (a long text), in ms; 0 when none was.</summary>
    public double SlowestTokenCountMs
    {
        get
        {
            lock (_slowestCountLock)
            {
                return _slowestTokenCountMs;
            }
        }
    }

    /// <summary>Values that must never appear in a record: the API key and the values of secret-looking headers.</summary>
    private readonly string[] _secrets = SecretRedactor.SecretValues(endpoint);

    /// <summary>Error bodies are read this much past the excerpt, so a secret cut by the excerpt's end is still seen whole and redacted.</summary>
    private int ExcerptReadBytes => BodyExcerptBytes + (_secrets.Length == 0 ? 0 : Encoding.UTF8.GetByteCount(_secrets[0]));

    /// <summary>
    /// Sends the request and returns its record. <paramref name="exchangeEnded"/> is called once the response is over
    /// (or failed) and before its tokens are counted, so a caller can tell that a record is on its way.
    /// </summary>
    public async Task<RequestRecord> ExecuteAsync(PreparedRequest request, double scheduledAtMs, CancellationToken runToken, Action? exchangeEnded = null)
    {
        var timeline = new RequestTimeline(request, runId, scheduledAtMs);
        var (outcome, message) = await ExchangeAsync(timeline, request, runToken).ConfigureAwait(false);
        exchangeEnded?.Invoke();
        // counted after the exchange, with the connection back in its pool; a long text is counted on a pool thread, because
        // this continuation may run on a socket-engine thread (SocketCompletions) that stamps other requests' events
        return timeline.TextBytes <= InlineCountBytes
            ? Record(timeline, outcome, message)
            : await Task.Run(() => RecordTimed(timeline, outcome, message), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary><see cref="Record"/>, noting how long it took (counting a long text's tokens) for the client's health report.</summary>
    private RequestRecord RecordTimed(RequestTimeline timeline, RequestOutcome outcome, string? message)
    {
        var startMs = clock.NowMs();
        var record = Record(timeline, outcome, message);
        var elapsedMs = clock.NowMs() - startMs;
        lock (_slowestCountLock)
        {
            _slowestTokenCountMs = Math.Max(_slowestTokenCountMs, elapsedMs);
        }
        return record;
    }

    // pooled: a second state machine per request, split from ExecuteAsync so the count runs after the response is disposed
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(RequestOutcome, string?)> ExchangeAsync(RequestTimeline timeline, PreparedRequest request, CancellationToken runToken)
    {
        using var message = CreateMessage(request);
        timeline.SentAtMs = clock.NowMs();
        timeline.SentAtUnixMs = clock.ToUnixMs(timeline.SentAtMs);
        using var timeouts = new RequestTimeouts(endpoint, clock, timeline.SentAtMs);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken, timeouts.Token);
        var headersReceived = false;
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            headersReceived = true;
            timeline.HttpStatus = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return await HttpFailureAsync(timeline, response, linked.Token).ConfigureAwait(false);
            }
            if (ContentEncoding(response) is { } encoding)
            {
                // we send no Accept-Encoding and never decompress: the bytes would reach the parser as garbage
                return Failed(timeline, RequestOutcome.MalformedEvent, $"the response has Content-Encoding: {encoding}, which was not asked for");
            }
            return endpoint.Stream && IsEventStream(response)
                ? await ReadStreamAsync(timeline, response, timeouts, linked.Token).ConfigureAwait(false)
                : await ReadWholeBodyAsync(timeline, response, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            return Failed(timeline, RequestOutcome.Cancelled, "the run was stopped while the request was in flight");
        }
        catch (OperationCanceledException) when (timeouts.Token.IsCancellationRequested)
        {
            return Failed(timeline, timeouts.Fired, TimeoutMessage(timeouts.Fired));
        }
        catch (HttpRequestException exception) when (!headersReceived)
        {
            var outcome = exception.HttpRequestError switch
            {
                HttpRequestError.InvalidResponse => RequestOutcome.MalformedEvent,
                _ when IsConnectFailure(exception) => RequestOutcome.Connect,
                // the connection was up and then ended (reset, closed) before the headers came
                _ => RequestOutcome.StreamTruncated,
            };
            return Failed(timeline, outcome, outcome == RequestOutcome.StreamTruncated
                ? "the connection closed before the response headers: " + Describe(exception)
                : Describe(exception));
        }
        catch (SseLineTooLongException exception)
        {
            return Failed(timeline, RequestOutcome.MalformedEvent, exception.Message);
        }
        catch (IOException exception)
        {
            // includes HttpIOException: a reset or a chunked body cut short after the headers
            return Failed(timeline, RequestOutcome.StreamTruncated, Describe(exception));
        }
        catch (HttpRequestException exception)
        {
            return Failed(timeline, RequestOutcome.StreamTruncated, Describe(exception));
        }
    }

    /// <summary>The exception's message and, when different, its root cause's ("Connection reset by peer").</summary>
    private static string Describe(Exception exception)
    {
        var root = exception;
        while (root.InnerException is { } inner)
        {
            root = inner;
        }
        // a bare enum name ("ResponseEnded") adds nothing to the outer message
        return root == exception || !root.Message.Contains(' ', StringComparison.Ordinal) || exception.Message.Contains(root.Message, StringComparison.Ordinal)
            ? exception.Message
            : $"{exception.Message} ({root.Message})";
    }

    /// <summary>True when no connection could be made at all (refused, unreachable, DNS, TLS, connect timeout).</summary>
    private static bool IsConnectFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        || exception.InnerException is SocketException
        {
            SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                or SocketError.HostNotFound or SocketError.TimedOut or SocketError.AddressNotAvailable
        }
        || exception.InnerException is TimeoutException;

    private HttpRequestMessage CreateMessage(PreparedRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _requestUri)
        {
            Content = new ByteArrayContent(request.Body) { Headers = { ContentType = JsonContentType } },
            Version = HttpVersion.Version11,
        };
        if (endpoint.Stream)
        {
            message.Headers.Accept.ParseAdd("text/event-stream");
        }
        endpoint.AddCredentialsAndHeaders(message);
        return message;
    }

    /// <summary>The body's content coding when it has one other than identity, else null.</summary>
    private static string? ContentEncoding(HttpResponseMessage response)
    {
        var encodings = response.Content.Headers.ContentEncoding;
        return encodings.Count == 0 || encodings.All(value => value.Equals("identity", StringComparison.OrdinalIgnoreCase))
            ? null
            : string.Join(", ", encodings);
    }

    private static bool IsEventStream(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is not { } mediaType
        || mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private async Task<(RequestOutcome, string?)> ReadStreamAsync(
        RequestTimeline timeline, HttpResponseMessage response, RequestTimeouts timeouts, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var events = new SseEventReader(body, MaxSseLineBytes);
        while (await events.ReadNextAsync(cancellationToken).ConfigureAwait(false))
        {
            // stamped as soon as the event's bytes are in the buffer, before its JSON is read
            var atMs = clock.NowMs();
            var streamEvent = _typedEvents ? TypedEventParser.Parse(events.Data, textInPlace: true) : OpenAiResponseParser.ParseStreamDataInPlace(events.Data);
            switch (streamEvent.Kind)
            {
                case StreamEventKind.Done:
                    // [DONE] says nothing more; the Responses API's last event carries the usage
                    timeline.AddMetadata(streamEvent);
                    timeline.SawDone = true;
                    timeline.DoneAtMs = atMs;
                    await ReadBodyEndAsync(body, cancellationToken).ConfigureAwait(false);
                    return Finish(timeline);
                case StreamEventKind.Error:
                    timeline.DoneAtMs = atMs;
                    timeline.HttpStatus = streamEvent.ErrorCode ?? timeline.HttpStatus;
                    return (RequestOutcome.HttpStatus, "error event in stream: " + Excerpt(streamEvent.ErrorMessage));
                case StreamEventKind.Malformed:
                    timeline.DoneAtMs = atMs;
                    return (RequestOutcome.MalformedEvent, streamEvent.ErrorMessage);
            }
            if (streamEvent.HasText)
            {
                timeline.AddText(atMs, streamEvent, events.Data);
            }
            timeline.AddMetadata(streamEvent);
            timeouts.OnActivity(timeline.HasText, atMs);
        }
        timeline.DoneAtMs = clock.NowMs();
        return Finish(timeline);
    }

    /// <summary>
    /// After <c>[DONE]</c>, reads the body to its end (the chunked terminator usually follows in the next segment), waiting
    /// at most <see cref="BodyEndWait"/>. A body left unread goes back to the pool still draining, and a closed-loop user's
    /// next request then finds no idle connection and opens one inside its TTFT (a TLS handshake, for https). Real clients
    /// (the OpenAI SDK, vLLM's benchmark client) also read to the end. The request is already complete: what happens here
    /// changes no timing and no outcome.
    /// </summary>
    private static async Task ReadBodyEndAsync(Stream body, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(BodyEndWait);
        var scratch = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            var left = MaxTailBytes;
            int read;
            while (left > 0 && (read = await body.ReadAsync(scratch, wait.Token).ConfigureAwait(false)) > 0)
            {
                left -= read;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // no end in time, or a reset after [DONE]: the connection is closed or drained by its pool instead
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>The stream ended: complete if it said so with <c>[DONE]</c> (or the API's last event) or a finish reason.</summary>
    private (RequestOutcome, string?) Finish(RequestTimeline timeline)
    {
        if (!timeline.SawDone && timeline.FinishReason is null)
        {
            return (RequestOutcome.StreamTruncated, endpoint.Api switch
            {
                EndpointApi.Responses => "the stream ended before response.completed",
                EndpointApi.Messages => "the stream ended before message_stop or a stop_reason",
                _ => "the stream ended before [DONE] or a finish_reason",
            });
        }
        return timeline.HasText ? (RequestOutcome.Ok, null) : (RequestOutcome.EmptyOutput, "the response carried no text");
    }

    private async Task<(RequestOutcome, string?)> ReadWholeBodyAsync(
        RequestTimeline timeline, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(response, MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        var doneAtMs = clock.NowMs();
        timeline.DoneAtMs = doneAtMs;
        if (body.Length >= MaxResponseBodyBytes)
        {
            return (RequestOutcome.MalformedEvent, $"response body larger than {MaxResponseBodyBytes} bytes");
        }
        var parsed = OpenAiResponseParser.ParseResponseBody(body);
        switch (parsed.Kind)
        {
            case StreamEventKind.Error:
                timeline.HttpStatus = parsed.ErrorCode ?? timeline.HttpStatus;
                return (RequestOutcome.HttpStatus, "error object in a 2xx response: " + Excerpt(parsed.ErrorMessage));
            case StreamEventKind.Malformed or StreamEventKind.Done:
                return (RequestOutcome.MalformedEvent, endpoint.Stream
                    ? $"expected text/event-stream, got {response.Content.Headers.ContentType}: {parsed.ErrorMessage}"
                    : parsed.ErrorMessage);
        }
        if (endpoint.Stream)
        {
            // a whole answer to a request that asked for a stream: nothing to time tokens by, and not a streamed success
            return (RequestOutcome.NotStreamed, $"asked for a stream, got a whole {response.Content.Headers.ContentType?.MediaType ?? "untyped"} response; TTFT, TPOT and ITL cannot be measured");
        }
        if (parsed.HasText)
        {
            timeline.AddWholeBody(doneAtMs, parsed);
        }
        timeline.AddMetadata(parsed);
        timeline.SawDone = true;
        return Finish(timeline);
    }

    private async Task<(RequestOutcome, string?)> HttpFailureAsync(RequestTimeline timeline, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        timeline.RetryAfterSeconds = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta.TotalSeconds,
            { Date: { } date } => (date - clock.TimeProvider.GetUtcNow()).TotalSeconds,
            _ => null,
        };
        var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}").TrimEnd();
        if (ContentEncoding(response) is { } encoding)
        {
            return Failed(timeline, RequestOutcome.HttpStatus, $"{reason} (body not shown: Content-Encoding {encoding})");
        }
        var excerpt = await ReadBoundedAsync(response, ExcerptReadBytes, cancellationToken).ConfigureAwait(false);
        var text = Excerpt(Encoding.UTF8.GetString(excerpt));
        return Failed(timeline, RequestOutcome.HttpStatus, text.Length == 0 ? reason : reason + ": " + text);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        using var collected = new MemoryStream();
        int read;
        while (collected.Length < limit && (read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            collected.Write(buffer, 0, (int)Math.Min(read, limit - collected.Length));
        }
        return collected.ToArray();
    }

    private (RequestOutcome, string?) Failed(RequestTimeline timeline, RequestOutcome outcome, string? message)
    {
        timeline.DoneAtMs ??= clock.NowMs();
        return (outcome, message);
    }

    /// <summary>Freezes the timeline; a server that echoes the key back in an error never gets it into a file.</summary>
    private RequestRecord Record(RequestTimeline timeline, RequestOutcome outcome, string? message) =>
        timeline.ToRecord(outcome, message is null ? null : SecretRedactor.RedactValues(message, _secrets), tokenizer);

    private string TimeoutMessage(RequestOutcome fired) => fired switch
    {
        RequestOutcome.TimeoutTtft => string.Create(CultureInfo.InvariantCulture, $"no first token within {endpoint.TtftTimeout.TotalSeconds:0.###} s"),
        RequestOutcome.TimeoutIdle => string.Create(CultureInfo.InvariantCulture, $"no data for {endpoint.IdleTimeout.TotalSeconds:0.###} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"the request took longer than {endpoint.TotalTimeout.TotalSeconds:0.###} s"),
    };

    /// <summary>One line of at most <see cref="BodyExcerptBytes"/> characters, secrets redacted before the cut so no part of one survives it.</summary>
    private string Excerpt(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var singleLine = SecretRedactor.RedactValues(text, _secrets).ReplaceLineEndings(" ").Trim();
        return singleLine.Length <= BodyExcerptBytes ? singleLine : singleLine[..BodyExcerptBytes] + "…";
    }
}
