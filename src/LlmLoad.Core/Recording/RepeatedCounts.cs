using System.Collections;

namespace LlmLoad.Core.Recording;

/// <summary>
/// The same count for every event, held as two numbers instead of an array: the usual <see cref="RequestRecord.ChunkTokens"/>
/// (one token per event, as the server's usage says). A run keeps every record until it is summarized, and the array
/// was 400 of a 100-token record's ~1,500 bytes.
/// </summary>
public sealed class RepeatedCounts(int count, int value) : IReadOnlyList<int>
{
    public int Count => count;

    public int this[int index] => (uint)index < (uint)count ? value : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<int> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return value;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
