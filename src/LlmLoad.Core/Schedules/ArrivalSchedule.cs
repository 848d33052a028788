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
