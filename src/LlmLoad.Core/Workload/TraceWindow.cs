using LlmLoad.Core.Validation;
using System.Globalization;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The slice of a timestamped dataset to replay (<c>--trace-window START:END</c>): requests whose trace time t is in
/// [Start, End), counted from the trace's start. The first one is sent at (t - Start), so a quiet spell at the
/// start of the slice is kept.
/// </summary>
/// <param name="Start">From the trace's start; zero for the whole trace.</param>
/// <param name="End">Null: to the trace's end.</param>
public sealed record TraceWindow(TimeSpan Start, TimeSpan? End)
{
    public static TraceWindow Whole { get; } = new(TimeSpan.Zero, null);

    public bool Contains(double timestampMs) =>
        timestampMs >= Start.TotalMilliseconds && (End is not { } end || timestampMs < end.TotalMilliseconds);

    /// <summary>Problems with the bounds, one line each; empty when valid.</summary>
    public IEnumerable<OptionProblem> Problems()
    {
        if (Start < TimeSpan.Zero || End < TimeSpan.Zero)
        {
            yield return new(OptionField.TraceWindow, ToString(), "must not be negative; times count from the trace's start.");
        }
        else if (End is { } end && end <= Start)
        {
            yield return new(OptionField.TraceWindow, ToString(), "must end after it starts (START:END, e.g. 60s:120s).");
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start.TotalSeconds}s:{(End is { } end ? $"{end.TotalSeconds}s" : "")}");
}
