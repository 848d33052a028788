using System.CommandLine;
using LlmLoad.Core.Load;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The trace-replay flags (docs/traces.md), on top of <see cref="RunOptionSet"/>'s. <c>--trace-window</c> and
/// <c>--trace-sort</c> choose the requests, so every load command takes them; <c>--trace-speed</c> paces the replay,
/// so only commands that set their own load do.
/// </summary>
internal sealed class TraceOptionSet
{
    public Option<double?> Speed { get; } = CliValues.OptionalDouble("--trace-speed", "Timestamped datasets: replay this many times faster than the trace (2 = twice as fast).", 0);
    public Option<string?> Window { get; } = new("--trace-window") { Description = "Timestamped datasets: replay the slice START:END of the trace (seconds or with units, e.g. 60:120 or 1m:5m; either side may be empty)." };
    public Option<bool> Sort { get; } = new("--trace-sort") { Description = "Timestamped datasets: order lines by time instead of refusing a file whose times go backwards." };

    /// <summary>The flags every load command takes.</summary>
    public IEnumerable<Option> Shared => [Window, Sort];

    /// <summary>
    /// Adds the flags' values to <paramref name="workload"/> and <paramref name="load"/>. A timestamped dataset is
    /// replayed at its times unless <c>--rate</c> or <c>--concurrency</c> was given; <paramref name="rate"/>,
    /// <paramref name="concurrency"/>, <paramref name="numRequests"/> and <paramref name="duration"/> are null for a
    /// command that sets the load per level (a sweep), which never replays times.
    /// </summary>
    public (WorkloadOptions Workload, LoadOptions Load) Apply(ParseResult parse, WorkloadOptions workload, LoadOptions load,
        Option? rate, Option? concurrency, Option? numRequests, Option? duration, List<string> problems)
    {
        var window = TraceWindow.Whole;
        if (RunOptionSet.Value(parse, Window) is { } text)
        {
            window = ParseWindow(text, "--trace-window", problems);
        }
        var replay = rate is not null && concurrency is not null && !RunOptionSet.Given(parse, rate) && !RunOptionSet.Given(parse, concurrency);
        var speed = RunOptionSet.Value(parse, Speed);
        if (speed is not null && !replay)
        {
            problems.Add("--trace-speed paces a replay at the trace's times, which --rate and --concurrency replace; remove one or the other.");
        }
        return (
            workload with { TraceWindow = window, TraceSort = RunOptionSet.Value(parse, Sort) },
            load with
            {
                ReplayTraceTimes = replay,
                ReplayWholeTrace = replay && !RunOptionSet.Given(parse, numRequests!) && !RunOptionSet.Given(parse, duration!),
                TraceSpeed = speed ?? 1,
            });
    }

    /// <summary><c>START:END</c> as <c>--trace-window</c> (or a study's <c>trace_window</c>, named by <paramref name="name"/>) takes it.</summary>
    public static TraceWindow ParseWindow(string text, string name, List<string> problems)
    {
        var parts = text.Split(':');
        TimeSpan? Bound(string part, TimeSpan? empty) =>
            part.Trim().Length == 0 ? empty : CliValues.TryParseDuration(part, out var value) ? value : null;
        if (parts.Length == 2 && Bound(parts[0], TimeSpan.Zero) is { } start && (parts[1].Trim().Length == 0 || Bound(parts[1], null) is not null))
        {
            return new TraceWindow(start, Bound(parts[1], null));
        }
        problems.Add($"{name} \"{text}\" must be START:END in seconds or with units, from the trace's start (e.g. 60:120, 1m:5m or 30s:).");
        return TraceWindow.Whole;
    }
}
