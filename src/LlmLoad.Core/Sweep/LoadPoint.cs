using System.Globalization;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The load of one sweep level: <see cref="Value"/> users (<see cref="LoadAxis.Concurrency"/>) or offered requests per
/// second (<see cref="LoadAxis.RequestRate"/>). Every verdict names its level by one, so the analysis reads a rate sweep
/// and a concurrency sweep alike; points of one sweep share an axis and order by value.
/// </summary>
public readonly record struct LoadPoint(LoadAxis Axis, double Value) : IComparable<LoadPoint>
{
    /// <summary>A concurrency level: the sweeps and studies that name levels by a user count stay as they were.</summary>
    public static implicit operator LoadPoint(int concurrency) => new(LoadAxis.Concurrency, concurrency);

    /// <summary>An open-loop level offering <paramref name="requestsPerSecond"/>.</summary>
    public static LoadPoint Rate(double requestsPerSecond) => new(LoadAxis.RequestRate, requestsPerSecond);

    /// <summary>The summary.json / sweep.json key of the level's load: <c>concurrency</c> or <c>request_rate</c> (vLLM's name).</summary>
    public string Key => KeyOf(Axis);

    /// <summary>The key of <paramref name="axis"/> (see <see cref="Key"/>).</summary>
    public static string KeyOf(LoadAxis axis) => axis == LoadAxis.Concurrency ? "concurrency" : "request_rate";

    /// <summary>The header of a column of levels on <paramref name="axis"/>: <c>Concurrency</c> or <c>Offered req/s</c>.</summary>
    public static string Header(LoadAxis axis) => axis == LoadAxis.Concurrency ? "Concurrency" : "Offered req/s";

    /// <summary>The value as a table cell: <c>800</c>, <c>12.5</c>.</summary>
    public string Number => Value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary><c>c=800</c> for a concurrency, <c>r=12.5/s</c> for an offered rate.</summary>
    public override string ToString() => Axis == LoadAxis.Concurrency ? "c=" + Number : "r=" + Number + "/s";

    public int CompareTo(LoadPoint other) => Axis != other.Axis
        ? throw new InvalidOperationException($"a sweep's levels share one axis; {this} and {other} do not")
        : Value.CompareTo(other.Value);

    public static bool operator <(LoadPoint left, LoadPoint right) => left.CompareTo(right) < 0;

    public static bool operator >(LoadPoint left, LoadPoint right) => left.CompareTo(right) > 0;

    public static bool operator <=(LoadPoint left, LoadPoint right) => left.CompareTo(right) <= 0;

    public static bool operator >=(LoadPoint left, LoadPoint right) => left.CompareTo(right) >= 0;
}
