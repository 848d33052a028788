using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Running;


/// <summary>The live, thread-safe tallies behind <see cref="SessionCounts"/>.</summary>
internal sealed class SessionCounters
{
    private long _started;
    private long _completed;
    private long _failed;
    private long _contextLimit;
    private long _cut;
    private long _turnsSkipped;

    public void Started() => Interlocked.Increment(ref _started);

    public void Completed() => Interlocked.Increment(ref _completed);

    public void EndedByFailure(int turnsLeft) => End(ref _failed, turnsLeft);

    public void EndedByContextLimit(int turnsLeft) => End(ref _contextLimit, turnsLeft);

    public void CutByRunEnd(int turnsLeft) => End(ref _cut, turnsLeft);

    public SessionCounts ToCounts() => new(
        Interlocked.Read(ref _started), Interlocked.Read(ref _completed), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _contextLimit), Interlocked.Read(ref _cut), Interlocked.Read(ref _turnsSkipped));

    private void End(ref long counter, int turnsLeft)
    {
        Interlocked.Increment(ref counter);
        Interlocked.Add(ref _turnsSkipped, turnsLeft);
    }
}
