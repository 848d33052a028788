namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// A group of charts under one heading of a run's report: its HTML id (e.g. <c>distributions</c>), its heading and
/// its charts in page order. The run report is a list of these, so a new view of the run (the engine's metrics over
/// time, a ramp's turning point) is one more section, without touching the page.
/// </summary>
internal sealed record ChartSection(string Id, string Heading, IReadOnlyList<ChartSpec> Charts);
