namespace LlmLoad.Core.Sweep;

/// <summary>What a sweep varies from level to level: users in a closed loop, or the open loop's offered request rate.</summary>
public enum LoadAxis
{
    /// <summary>Concurrent users (closed loop); a level's load is a whole number of requests in flight.</summary>
    Concurrency,

    /// <summary>Offered requests per second (open loop), optionally under an in-flight cap.</summary>
    RequestRate,
}
