using System.Buffers.Binary;

namespace LlmLoad.LoadCapacity.Server;

/// <summary>
/// The server's own timings of each request, by the request index the client put in the body: when the
/// handler started (Unix µs) and when it began writing the first token event (Unix µs). The difference is
/// the server's own TTFT. Plain arrays: each slot is written by one request only.
/// </summary>
public sealed class ServerStamps(int capacity)
{
    private readonly long[] _receivedUs = new long[capacity];
    private readonly long[] _firstEventUs = new long[capacity];

    public bool Holds(int index) => index >= 0 && index < _receivedUs.Length;

    public void Received(int index, long unixUs) => _receivedUs[index] = unixUs;

    public void FirstEvent(int index, long unixUs) => _firstEventUs[index] = unixUs;

    public void Clear()
    {
        Array.Clear(_receivedUs);
        Array.Clear(_firstEventUs);
    }

    /// <summary>Little-endian pairs (received, first event) for <paramref name="count"/> indexes from <paramref name="from"/>; 0 where unseen.</summary>
    public byte[] Export(int from, int count)
    {
        count = Math.Clamp(count, 0, Math.Max(0, _receivedUs.Length - from));
        var bytes = new byte[count * 16];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 16), _receivedUs[from + i]);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 16 + 8), _firstEventUs[from + i]);
        }
        return bytes;
    }
}
