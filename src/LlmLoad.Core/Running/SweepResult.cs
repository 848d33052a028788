using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Running;

/// <summary>A finished (or interrupted) sweep: sweep.json's content and the files written.</summary>
public sealed record SweepResult(string OutputDirectory, SweepDocument Document, IReadOnlyList<ChartFile> Charts);
