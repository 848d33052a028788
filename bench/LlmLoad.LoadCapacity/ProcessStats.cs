using System.Diagnostics;
using System.Globalization;

namespace LlmLoad.LoadCapacity;

/// <summary>This process's CPU time and memory, as the kernel counts them.</summary>
public static class ProcessStats
{
    /// <summary>User plus system CPU time of every thread of this process.</summary>
    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>CPU time spent in the kernel on this process's behalf (socket calls, futex waits, epoll).</summary>
    public static TimeSpan KernelCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.PrivilegedProcessorTime;
    }

    /// <summary>Peak resident set size (<c>VmHWM</c> in <c>/proc/self/status</c>), in MiB; null off Linux.</summary>
    public static double? PeakRssMiB() => StatusKiB("VmHWM:") / 1024.0;

    /// <summary>Current resident set size (<c>VmRSS</c>), in MiB; null off Linux.</summary>
    public static double? RssMiB() => StatusKiB("VmRSS:") / 1024.0;

    /// <summary>The machine's 1-minute load average (<c>/proc/loadavg</c>): other work competing for the same cores; null off Linux.</summary>
    public static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path)
            ? double.Parse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Context switches (voluntary and not) of every thread, summed over <c>/proc/self/task</c>; null off Linux.</summary>
    public static long? ContextSwitches()
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // the thread ended while we read
            }
        }
        return total;
    }

    private static long? StatusKiB(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
