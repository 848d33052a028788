using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace LlmLoad.Tests.Common;

/// <summary>
/// The yardstick of arrival accuracy (the trace-arrival test and the <c>trace-arrival</c> bench): the simplest client
/// that can keep a trace's times, run against the same server right after llmload's replay. One thread sleeps to each
/// due time with <c>clock_nanosleep(TIMER_ABSTIME)</c> and writes the request's prebuilt bytes on one of a few open
/// connections: no HTTP stack, no thread pool, nothing allocated in the loop. What it misses by is what the machine
/// allows at that moment, so llmload's error is read against it rather than against zero.
/// </summary>
public static class ReferenceReplay
{
    private const int Connections = 8;

    /// <summary>Posts <paramref name="body"/>(i) to /v1/chat/completions at start + <paramref name="dueOffsetsMs"/>[i]; returns the start as a <see cref="Stopwatch"/> timestamp once every response is in.</summary>
    public static long Run(Uri url, IReadOnlyList<double> dueOffsetsMs, Func<int, byte[]> body)
    {
        var requests = Enumerable.Range(0, dueOffsetsMs.Count).Select(index => Request(url, body(index))).ToArray();
        var sockets = Enumerable.Range(0, Connections).Select(_ => Connect(url)).ToArray();
        using var answered = new CountdownEvent(requests.Length);
        foreach (var socket in sockets)
        {
            new Thread(() => CountResponses(socket, answered)) { IsBackground = true }.Start();
        }
        // a little ahead, so the first due time is slept to like the others
        var startTimestamp = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
        var sender = new Thread(() =>
        {
            for (var index = 0; index < requests.Length; index++)
            {
                SleepUntil(startTimestamp + (long)(dueOffsetsMs[index] * Stopwatch.Frequency / 1000));
                sockets[index % Connections].Send(requests[index]);
            }
        })
        { Name = "reference replay" };
        sender.Start();
        sender.Join();
        if (!answered.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{answered.CurrentCount} of {requests.Length} reference requests were not answered");
        }
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
        return startTimestamp;
    }

    private static byte[] Request(Uri url, byte[] body) => [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"POST /v1/chat/completions HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n")), .. body];

    private static Socket Connect(Uri url)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, url.Port));
        return socket;
    }

    /// <summary>Reads a connection until it closes, counting the <c>[DONE]</c> lines that end the server's streams.</summary>
    private static void CountResponses(Socket socket, CountdownEvent answered)
    {
        var done = "data: [DONE]"u8.ToArray();
        var buffer = new byte[64 * 1024];
        var kept = 0;
        try
        {
            while (socket.Receive(buffer, kept, buffer.Length - kept, SocketFlags.None) is var read and > 0)
            {
                var span = buffer.AsSpan(0, kept + read);
                int at;
                while ((at = span.IndexOf(done)) >= 0)
                {
                    answered.Signal();
                    span = span[(at + done.Length)..];
                }
                // a marker cut by the read's end is completed by the next read
                kept = Math.Min(span.Length, done.Length - 1);
                span[^kept..].CopyTo(buffer);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // closed at the end
        }
    }

    private static void SleepUntil(long timestamp)
    {
        // Stopwatch reads CLOCK_MONOTONIC on Linux; its ticks are converted to that clock's nanoseconds
        var nanoseconds = (long)(timestamp * (1e9 / Stopwatch.Frequency));
        var due = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        while (ClockNanosleep(ClockMonotonic, TimerAbsolute, ref due, IntPtr.Zero) == Interrupted)
        {
            // a signal woke it early: sleep on to the same absolute time
        }
    }

    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int Interrupted = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc.so.6", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);
}
