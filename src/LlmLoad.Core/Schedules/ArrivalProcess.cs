namespace LlmLoad.Core.Schedules;

/// <summary>How open-loop arrivals are spaced.</summary>
public enum ArrivalKind
{
    /// <summary>Exponential gaps (a Poisson process), as vLLM's benchmark uses.</summary>
    Poisson,
    /// <summary>Gamma-distributed gaps with the given shape; shape 1 is Poisson, below 1 is burstier.</summary>
    Gamma,
    /// <summary>Equal gaps of 1/rate.</summary>
    Constant,
}

/// <summary>An arrival process: the kind, plus the gamma shape when the kind is <see cref="ArrivalKind.Gamma"/>.</summary>
public sealed record ArrivalProcess(ArrivalKind Kind, double GammaShape = 1)
{
    public static ArrivalProcess Poisson { get; } = new(ArrivalKind.Poisson);

    /// <summary>Parses <c>poisson</c>, <c>constant</c> or <c>gamma:SHAPE</c>; null when the text is none of them.</summary>
    public static ArrivalProcess? TryParse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        return parts switch
        {
            ["poisson"] => Poisson,
            ["constant"] => new ArrivalProcess(ArrivalKind.Constant),
            ["gamma", var shape] when double.TryParse(shape, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
                => new ArrivalProcess(ArrivalKind.Gamma, value),
            _ => null,
        };
    }

    public override string ToString() => Kind switch
    {
        ArrivalKind.Gamma => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gamma:{GammaShape}"),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
