using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Running;

/// <summary>
/// A run repeated N times: each repeat's own result (its files in <c>r1</c>, <c>r2</c>, ... under
/// <see cref="OutputDirectory"/>), and every metric over the finished repeats (<see cref="Aggregate"/>). An interrupted
/// repeat is kept in <see cref="Runs"/> but left out of the aggregate.
/// </summary>
public sealed record RepeatedRunResult(string OutputDirectory, IReadOnlyList<RunResult> Runs, RepeatAggregate? Aggregate, bool Interrupted);
