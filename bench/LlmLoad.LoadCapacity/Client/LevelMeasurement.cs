using LlmLoad.Core.Recording;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>What one measured pass produced, before analysis.</summary>
/// <param name="Records">The pass's records, by index.</param>
/// <param name="IndexBase">Index of the pass's first request (the server's stamps are by index).</param>
/// <param name="Stamps">The server's (received, first event) Unix µs pairs for the pass's indexes.</param>
/// <param name="AnchorRunMs">A run-clock reading taken together with <paramref name="AnchorUnixUs"/>.</param>
/// <param name="Cpu">Client CPU time (user + system) during the pass.</param>
/// <param name="KernelCpu">The part of <paramref name="Cpu"/> spent in the kernel.</param>
/// <param name="ContextSwitches">Context switches of all client threads during the pass.</param>
/// <param name="ServerCpu">Server CPU time during the pass.</param>
/// <param name="LoadAverage">The higher of the machine's 1-minute load average before and after the pass.</param>
/// <param name="GcCounts">Collections of generations 0, 1 and 2 during the pass.</param>
/// <param name="GcPause">Time the runtime paused every thread for collections during the pass.</param>
/// <param name="AllocatedBytes">Bytes the client allocated during the pass.</param>
public sealed record LevelMeasurement(
    ClientOptions Options,
    IReadOnlyList<RequestRecord> Records,
    int IndexBase,
    byte[] Stamps,
    double AnchorRunMs,
    long AnchorUnixUs,
    TimeSpan Wall,
    TimeSpan Cpu,
    TimeSpan KernelCpu,
    long? ContextSwitches,
    TimeSpan ServerCpu,
    IReadOnlyList<int> GcCounts,
    TimeSpan GcPause,
    long AllocatedBytes,
    int? OpenSockets,
    double? PeakRssMiB,
    double LoadAverage);
