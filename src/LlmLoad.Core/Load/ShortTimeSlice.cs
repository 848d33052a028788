using System.Runtime.InteropServices;

namespace LlmLoad.Core.Load;

/// <summary>
/// Asks Linux for a 0.1 ms time slice for the calling thread (<c>sched_setattr</c> with <c>sched_runtime</c>, which
/// the EEVDF scheduler of kernel 6.12+ reads as a latency hint for a normal thread; no privilege needed, older kernels
/// ignore it). A thread woken while both cores are busy otherwise waits for another thread's slice to end: a C
/// program sleeping to deadlines beside two busy threads woke 1.2-1.8 ms late at p99 with the usual slice, 0.1-0.2 ms
/// with this one; a trace replay's arrivals beside two busy loops were off by 3.0-4.5 instead of 4.4-5.3 ms at p99
/// (BENCHMARKS.md § "Runtime settings"). Its CPU share is unchanged: only when it runs is moved forward.
/// </summary>
internal static class ShortTimeSlice
{
    private const ulong SliceNanoseconds = 100_000;
    private const int SchedOther = 0;
    private const int PrioProcess = 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }

    // syscall(2) is variadic, which Linux's x86-64 and arm64 calling conventions pass as these fixed arguments
    [DllImport("libc.so.6", EntryPoint = "syscall", SetLastError = true)]
    private static extern long SetAttr(long number, int threadId, ref SchedAttr attributes, uint flags);

    [DllImport("libc.so.6", EntryPoint = "sched_getscheduler")]
    private static extern int GetPolicy(int threadId);

    [DllImport("libc.so.6", EntryPoint = "getpriority", SetLastError = true)]
    private static extern int GetNice(int which, uint who);

    /// <summary>Requests the short slice for this thread; false where it cannot (not Linux on x86-64 or arm64, a policy the user chose, a refusal).</summary>
    public static bool TryRequest()
    {
        long? number = !OperatingSystem.IsLinux() ? null : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 314,
            Architecture.Arm64 => 274,
            _ => null,
        };
        if (number is null)
        {
            return false;
        }
        try
        {
            // a thread put under another policy (chrt) keeps it; the nice value (nice, renice) is kept too
            if (GetPolicy(0) != SchedOther)
            {
                return false;
            }
            var attributes = new SchedAttr
            {
                Size = (uint)Marshal.SizeOf<SchedAttr>(),
                Policy = SchedOther,
                Nice = GetNice(PrioProcess, 0),
                Runtime = SliceNanoseconds,
            };
            return SetAttr(number.Value, 0, ref attributes, 0) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
