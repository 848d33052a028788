namespace LlmLoad.Core.Transport;

/// <summary>
/// Has the runtime run socket continuations on its epoll threads instead of handing each one to a
/// thread-pool thread. Each token event then costs one thread hop (a futex wake and a park) less:
/// at c=100 and 49 k events/s client CPU fell from 1.14 to 0.91 ms per 100-token request, and context
/// switches from 25 to 15 per request (BENCHMARKS.md § "Runtime settings"). The runtime then runs one epoll thread per core.
/// </summary>
public static class SocketCompletions
{
    public const string VariableName = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>True when <see cref="PreferInline"/> set the variable (the user had not): it is then ours alone,
    /// and child processes such as a --reset-cmd that may start the endpoint must not inherit it.</summary>
    public static bool SetForThisProcess { get; private set; }

    /// <summary>
    /// Call first thing in <c>Main</c>, before any socket exists: the runtime reads the variable once, when its
    /// socket engine starts. A value already in the environment wins (<c>0</c> turns it off).
    /// </summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(VariableName) is null)
        {
            Environment.SetEnvironmentVariable(VariableName, "1");
            SetForThisProcess = true;
        }
    }
}
