namespace LlmLoad.Core.Metrics;

/// <summary>What a summary needs besides the records: configuration echoes and goodput SLOs.</summary>
public sealed record SummaryOptions
{
    /// <summary>Options with nothing set.</summary>
    public static SummaryOptions Default { get; } = new();

    /// <summary>The run's concurrency limit, echoed as <c>max_concurrency</c>; null when unlimited.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>The configured arrival rate in requests per second, echoed as <c>request_rate</c>; null for a closed loop.</summary>
    public double? RequestRate { get; init; }

    /// <summary>The run's ramp: the series gets its offered load and the summary its turn point; null without one.</summary>
    public LoadRamp? Ramp { get; init; }

    /// <summary>Per-request SLOs for goodput; null means goodput is not computed.</summary>
    public RequestSlo? Slo { get; init; }

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrency is < 1)
        {
            errors.Add(FormattableString.Invariant($"max concurrency \"{MaxConcurrency}\" must be at least 1, or unset for no limit."));
        }
        if (RequestRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            errors.Add(FormattableString.Invariant($"request rate \"{rate}\" must be a positive finite number of requests per second, or unset for a closed loop."));
        }
        if (Slo is { } slo && new[] { slo.TtftMs, slo.TpotMs, slo.ItlMs, slo.E2elMs }.Any(v => v is < 0 || v is { } x && !double.IsFinite(x)))
        {
            errors.Add($"goodput SLO \"{slo}\" must have non-negative finite thresholds.");
        }
        return errors;
    }
}
