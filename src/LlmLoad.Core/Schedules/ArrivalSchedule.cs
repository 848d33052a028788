using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Schedules;

/// <summary>
/// Pure open-loop schedule: request <c>i</c> is due at <c>t0 + Offset(i)</c>. Offsets are drawn once
/// from a seeded generator, so a schedule never drifts with how late earlier sends were (vegeta's pacer).
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Cumulative due times in milliseconds from the start, for a mean rate in requests per second.</summary>
    public static IEnumerable<double> OffsetsMs(ArrivalProcess process, double requestsPerSecond, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        var random = new Random(seed);
        var meanGapMs = 1000.0 / requestsPerSecond;
        var offset = 0.0;
        while (true)
        {
            yield return offset;
            offset += process.Kind switch
            {
                ArrivalKind.Constant => meanGapMs,
                ArrivalKind.Poisson => meanGapMs * Exponential(random),
                _ => meanGapMs / process.GammaShape * Gamma(random, process.GammaShape),
            };
        }
    }

    /// <summary>
    /// Due times (ms) of a rate ramp. The expected arrivals by time t are Λ(t) = S t + (E − S) t² / (2 L); a unit-rate
    /// process of the given kind is drawn in Λ units and each arrival mapped back through Λ⁻¹ (the time-rescaling
    /// theorem: Poisson stays Poisson with the ramp's rate, constant stays evenly spaced in expected arrivals).
    /// The schedule ends at the ramp's end, after about Λ(L) = (S + E) / 2 · L arrivals.
    /// </summary>
    public static IEnumerable<double> RampOffsetsMs(LoadRamp ramp, ArrivalProcess process, int seed)
    {
        ArgumentNullException.ThrowIfNull(ramp);
        var (start, end) = (ramp.Start, ramp.End);
        var lengthSeconds = ramp.Length.TotalSeconds;
        var total = (start + end) / 2 * lengthSeconds;
        var slope = (end - start) / lengthSeconds;
        foreach (var unitMs in OffsetsMs(process, 1, seed))
        {
            var expected = unitMs / 1000;
            if (expected > total)
            {
                yield break;
            }
            // Λ⁻¹(u) = 2u / (S + √(S² + 2 a u)): no cancellation, and a flat ramp (a = 0) needs no branch
            var root = Math.Sqrt(Math.Max(0, start * start + 2 * slope * expected));
            yield return expected <= 0 ? 0 : Math.Min(lengthSeconds, 2 * expected / (start + root)) * 1000;
        }
    }

    private static double Exponential(Random random) => -Math.Log(1.0 - random.NextDouble());

    /// <summary>Gamma(shape, scale 1) by Marsaglia and Tsang; shape below 1 uses the boost <c>U^(1/shape)</c>.</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1.0 / shape);
        }
        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(random);
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    private static double StandardNormal(Random random)
    {
        // Box-Muller; 1 - NextDouble() keeps the logarithm's argument in (0, 1]
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
