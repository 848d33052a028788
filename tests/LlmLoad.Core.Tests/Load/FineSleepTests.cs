using System.Diagnostics;
using LlmLoad.Core.Load;

namespace LlmLoad.Core.Tests.Load;

[Collection(TimingSensitive.Name)]
public sealed class FineSleepTests
{
    [Fact]
    public void On_linux_it_sleeps_at_least_the_fraction_of_a_millisecond_asked_for()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "usleep is bound on Linux only");

        var started = Stopwatch.GetTimestamp();
        var slept = FineSleep.TrySleep(0.6);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(slept);
        // a lower bound only: a busy machine may wake the thread much later
        Assert.True(elapsed.TotalMilliseconds >= 0.6, $"{elapsed.TotalMilliseconds} ms");
    }
}
