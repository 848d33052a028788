using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Metrics;

/// <summary>How opening the connections before the run went (<see cref="PreopenedConnections"/>).</summary>
/// <param name="Opened">Connections made and waiting for the pool.</param>
/// <param name="Failed">Connects that failed or timed out; the run's requests will connect for themselves.</param>
/// <param name="Elapsed">Wall time to open them all.</param>
/// <param name="ConnectP99Ms">99th percentile of one connect's time, in ms.</param>
/// <param name="ConnectMaxMs">The slowest connect, in ms (about 1000 or 3000 means SYNs were dropped and retried).</param>
public sealed record PreopenReport(int Opened, int Failed, TimeSpan Elapsed, double ConnectP99Ms, double ConnectMaxMs);
