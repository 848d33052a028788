using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A loopback chat server that keeps every request it is sent (messages, arrival and end times) and answers with a
/// reply derived from the conversation, split over events that take both of the client's text paths: one written
/// with JSON escapes (quotes, a line break, a tab, non-ASCII as \u escapes) and one with raw UTF-8 left in place.
/// The pre-flight (max_completion_tokens 1) is answered and not kept.
/// </summary>
internal sealed class ChatCaptureServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentDictionary<string, int> _inFlightBySession = new();
    private int _maxInFlightPerSession;

    private ChatCaptureServer(LoopbackServer server) => _server = server;

    public Uri BaseUrl => _server.BaseUrl;

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    /// <summary>Most requests of one session (same first user message) in flight at once.</summary>
    public int MaxInFlightPerSession => Volatile.Read(ref _maxInFlightPerSession);

    /// <summary>Starts the server; <paramref name="fail"/> says which requests (by their user-turn count) get an HTTP 500.</summary>
    public static async Task<ChatCaptureServer> StartAsync(Func<int, bool>? fail = null)
    {
        ChatCaptureServer? capture = null;
        var server = await LoopbackServer.StartAsync(context => capture!.HandleAsync(context, fail ?? (_ => false)));
        capture = new ChatCaptureServer(server);
        return capture;
    }

    /// <summary>The reply the server sends to a conversation whose last user message is <paramref name="lastUser"/>, in the <paramref name="turn"/>-th user turn.</summary>
    public static string ReplyTo(string lastUser, int turn) => EscapedPart(lastUser, turn) + RawPart;

    private static string EscapedPart(string lastUser, int turn) =>
        $"turn {turn} \"{lastUser[..Math.Min(10, lastUser.Length)]}\"\n\tcafé ✓ ";

    // written into the event as raw UTF-8 without escapes, so the client reads it in place
    private const string RawPart = "plain ü 中文 end";

    private async Task HandleAsync(HttpContext context, Func<int, bool> fail)
    {
        // stamped before the body is read, so a long prompt's parse does not count as lateness
        var arrivedAt = Stopwatch.GetTimestamp();
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => (Role: m.GetProperty("role").GetString()!, Content: m.GetProperty("content").GetString()!)).ToArray();
        var users = messages.Where(m => m.Role == "user").ToArray();
        var preflight = root.GetProperty("max_completion_tokens").GetInt32() == 1;
        var key = users[0].Content;
        if (!preflight)
        {
            var inFlight = _inFlightBySession.AddOrUpdate(key, 1, (_, n) => n + 1);
            InterlockedMax(ref _maxInFlightPerSession, inFlight);
        }
        try
        {
            if (!preflight && fail(users.Length))
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"scripted failure\"}}", context.RequestAborted);
                return;
            }
            await SseScript.StartStreamAsync(context);
            var escaped = EscapedPart(users[^1].Content, users.Length);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(escaped));
            await SseScript.WriteAsync(context, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + RawPart + "\"},\"finish_reason\":null}]}\n\n");
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(10, 2) + SseScript.Done);
            if (!preflight)
            {
                Requests.Enqueue(new CapturedRequest(messages, arrivedAt, Stopwatch.GetTimestamp()) { MaxTokens = root.GetProperty("max_completion_tokens").GetInt32() });
            }
        }
        finally
        {
            if (!preflight)
            {
                _inFlightBySession.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>One request as the server got it, with when it arrived and when its answer had been written (Stopwatch timestamps).</summary>
internal sealed record CapturedRequest((string Role, string Content)[] Messages, long ArrivedAt, long AnsweredAt)
{
    /// <summary>The request's <c>max_completion_tokens</c>.</summary>
    public int MaxTokens { get; init; }

    /// <summary>The session's identity: its first user message (synthetic turns are cut at distinct corpus offsets).</summary>
    public string Session => Messages.First(m => m.Role == "user").Content;

    public int Turn => Messages.Count(m => m.Role == "user");
}
