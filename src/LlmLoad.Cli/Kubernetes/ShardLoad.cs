namespace LlmLoad.Cli.Kubernetes;

/// <summary>
/// The heaviest load the whole sharded run asks for (a sweep's top level), before it is split over
/// the shards: what <see cref="ShardResources"/> sizes each pod for.
/// </summary>
/// <param name="Users">Closed loop: concurrent users (streams); null for an open loop.</param>
/// <param name="RequestsPerSecond">Open loop: the mean arrival rate, req/s; null for a closed loop.</param>
/// <param name="InFlightCap">Open loop: the cap on requests in flight (<c>--concurrency</c> with <c>--rate</c>), or null for none.</param>
/// <param name="OutputTokensPerRequest">Mean streamed tokens per request (<c>--output-tokens</c>; 100 when the dataset decides).</param>
internal sealed record ShardLoad(int? Users, double? RequestsPerSecond, int? InFlightCap, double OutputTokensPerRequest)
{
    /// <summary>What the estimate assumes when the dataset sets the reply lengths: llmload's default <c>--output-tokens</c>.</summary>
    public const double DefaultOutputTokens = 100;

    public static ShardLoad ClosedLoop(int users, double outputTokens) => new(users, null, null, outputTokens);

    public static ShardLoad OpenLoop(double requestsPerSecond, int? inFlightCap, double outputTokens) => new(null, requestsPerSecond, inFlightCap, outputTokens);
}
