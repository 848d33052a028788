using System.Runtime.InteropServices;

namespace LlmLoad.Core.Load;

/// <summary>
/// Sleeps a fraction of a millisecond through libc's <c>usleep</c>, where managed waits only know whole
/// milliseconds (the open-loop scheduler's last millisecond before a due time; BENCHMARKS.md § "Runtime settings").
/// Linux with glibc only: elsewhere, or if the call cannot be bound, it says no and the caller waits 1 ms.
/// </summary>
internal static class FineSleep
{
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    [DllImport("libc.so.6", EntryPoint = "usleep")]
    private static extern int USleep(uint microseconds);

    /// <summary>Sleeps about <paramref name="milliseconds"/> and returns true, or returns false at once when it cannot.</summary>
    public static bool TrySleep(double milliseconds)
    {
        if (s_unavailable)
        {
            return false;
        }
        try
        {
            USleep((uint)(milliseconds * 1000));
            return true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }
}
