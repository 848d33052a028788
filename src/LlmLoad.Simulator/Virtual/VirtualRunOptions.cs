namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// How long each virtual-time level runs. Per level (docs/simulator.md § "Calibration method"), with E2E estimated from the
/// step-time model: users ramp up over min(<see cref="MaximumRampSeconds"/>, E2E); warm-up is
/// max(<see cref="MinimumWarmupSeconds"/>, ramp + 2·E2E); the measured window is
/// max(<see cref="MinimumWindowSeconds"/>, <see cref="WindowE2eMultiple"/>·E2E).
/// </summary>
public sealed record VirtualRunOptions
{
    /// <summary>Seed of the run; every level uses it, so levels are independent of each other and of parallelism.</summary>
    public int Seed { get; init; } = 1;

    public double MinimumWindowSeconds { get; init; } = 60;

    public double WindowE2eMultiple { get; init; } = 5;

    public double MinimumWarmupSeconds { get; init; } = 8;

    public double MaximumRampSeconds { get; init; } = 10;

    /// <summary>
    /// Fixed ramp-up instead of min(<see cref="MaximumRampSeconds"/>, E2E); null for the automatic one.
    /// Match the real client's ramp to compare with a real-time run: with fixed-length outputs, users that
    /// start together stay in synchronised cohorts for minutes, which raises TTFT and lowers the batch.
    /// </summary>
    public double? RampSeconds { get; init; }

    /// <summary>Levels simulated at once; levels are CPU-bound and independent.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    public static VirtualRunOptions Default { get; } = new();

    /// <summary>All problems, one line each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(MinimumWindowSeconds > 0))
        {
            errors.Add($"minimum window must be above 0 s, got {MinimumWindowSeconds}.");
        }

        if (!(WindowE2eMultiple >= 0) || !(MinimumWarmupSeconds >= 0) || !(MaximumRampSeconds >= 0) || RampSeconds is < 0 or double.NaN)
        {
            errors.Add("window multiple, warm-up and ramp must be numbers of at least 0.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            errors.Add($"parallelism must be at least 1, got {MaxDegreeOfParallelism}.");
        }

        return errors;
    }
}
