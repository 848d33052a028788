namespace LlmLoad.Core.Metrics;

/// <summary>One model's share of a run with a model mix: the run's summary computed over that model's records only.</summary>
/// <param name="Model">The model name the records carry.</param>
/// <param name="Summary">Every metric over the model's records (its own window, so its throughputs are per its own duration).</param>
public sealed record ModelSummary(string Model, RunSummary Summary);
