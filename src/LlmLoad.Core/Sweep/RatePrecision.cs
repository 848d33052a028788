using System.Globalization;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// When a max-rate search stops: once the highest rate that held and the lowest that failed above it are at most this
/// far apart, either a fraction of the rate that held (<c>5%</c>) or an absolute width in req/s (<c>2</c>).
/// </summary>
public sealed record RatePrecision(double Value, bool Relative)
{
    public static RatePrecision Default { get; } = new(0.05, Relative: true);

    /// <summary>The widest bracket that ends the search when <paramref name="held"/> is the highest rate that held.</summary>
    public double Width(double held) => Relative ? Value * held : Value;

    public override string ToString() => Relative
        ? (Value * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%"
        : Value.ToString("0.######", CultureInfo.InvariantCulture) + " req/s";

    /// <summary>Parses <c>5%</c> (a share of the rate) or <c>2</c> (req/s); null with a one-line problem otherwise.</summary>
    public static RatePrecision? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        bool relative = trimmed.EndsWith('%');
        string number = relative ? trimmed[..^1].TrimEnd() : trimmed;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value) && value > 0 && (!relative || value < 100))
        {
            problem = null;
            return new RatePrecision(relative ? value / 100 : value, relative);
        }
        problem = $"--precision \"{text}\" must be a share of the rate below 100% (e.g. 5%) or a width in requests per second (e.g. 2).";
        return null;
    }
}
