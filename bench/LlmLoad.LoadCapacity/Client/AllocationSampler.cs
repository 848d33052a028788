using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>Samples the runtime's allocation ticks (one per ~100 KB allocated) by type, to find what a request allocates.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } payload)
        {
            var type = payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
            _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
        }
    }

    public void Print()
    {
        var total = _bytes.Values.Sum();
        foreach (var (type, bytes) in _bytes.OrderByDescending(pair => pair.Value).Take(25))
        {
            Console.WriteLine($"  {100.0 * bytes / total,5:0.0}%  {type}");
        }
    }
}
