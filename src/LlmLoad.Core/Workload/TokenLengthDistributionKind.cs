namespace LlmLoad.Core.Workload;

/// <summary>The shape of a <see cref="TokenLengthDistribution"/>.</summary>
public enum TokenLengthDistributionKind
{
    /// <summary>Always the same count (<c>fixed:N</c>).</summary>
    Fixed,

    /// <summary>Uniform integers, both ends included (<c>MIN:MAX</c> or <c>uniform:MIN:MAX</c>).</summary>
    Uniform,

    /// <summary>Normal (<c>normal:MEAN:STD</c>), rounded and clamped to at least 1.</summary>
    Normal,

    /// <summary>Log-normal (<c>lognormal:MEAN:STD</c>) with the given mean and standard deviation of the counts themselves.</summary>
    LogNormal,
}
