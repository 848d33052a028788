using System.Globalization;

namespace LlmLoad.Core.Sweep;

/// <summary>How sweep findings and readings print numbers: culture-invariant, about three significant digits.</summary>
internal static class SweepFormat
{
    /// <summary>c=800, or r=12.5/s in a rate sweep</summary>
    public static string Level(LoadPoint load) => load.ToString();

    /// <summary>136 req/s, 58.6 req/s, 8.21 req/s</summary>
    public static string RequestRate(double value) => Number(value, Decimals(value)) + " req/s";

    /// <summary>13100 tok/s</summary>
    public static string TokenRate(double value) => Number(value, Decimals(value)) + " tok/s";

    /// <summary>130-136 req/s (both ends with the decimals the larger one needs; one number when they print alike)</summary>
    public static string RequestRange(double min, double max)
    {
        int decimals = Decimals(max);
        string low = Number(min, decimals);
        string high = Number(max, decimals);
        return (low == high ? high : low + "-" + high) + " req/s";
    }

    /// <summary>97.1% for a 0-to-1 fraction</summary>
    public static string Percent(double fraction) => Number(fraction * 100, 1) + "%";

    /// <summary>A threshold fraction as a percentage without trailing zeros: 0.99 gives 99%, 0.995 gives 99.5%.</summary>
    public static string ThresholdPercent(double fraction) =>
        Math.Round(fraction * 100, 3).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static int Decimals(double value) => Math.Abs(value) >= 100 ? 0 : Math.Abs(value) >= 10 ? 1 : 2;

    private static string Number(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
