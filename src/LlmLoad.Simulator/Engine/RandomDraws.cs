namespace LlmLoad.Simulator.Engine;

/// <summary>
/// The distributions the model draws from. Each method consumes a fixed number of uniforms, so a
/// seeded run draws in the same order every time.
/// </summary>
public static class RandomDraws
{
    /// <summary>A lognormal factor with mean 1 and coefficient of variation <paramref name="cv"/>; 1 when cv is 0 (no draw).</summary>
    public static double LogNormalMeanOne(Random random, double cv)
    {
        if (cv <= 0)
        {
            return 1.0;
        }

        var sigma = Math.Sqrt(Math.Log(1 + cv * cv));
        return Math.Exp(-sigma * sigma / 2 + sigma * StandardNormal(random));
    }

    /// <summary>A standard normal value (Box–Muller; always two uniforms).</summary>
    public static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: the logarithm stays finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>An exponential value with the given mean (one uniform).</summary>
    public static double Exponential(Random random, double mean) => -mean * Math.Log(1.0 - random.NextDouble());

    /// <summary>
    /// Tokens until an end-of-sequence token when each token is EOS with probability <paramref name="eosProbability"/>
    /// (geometric, at least 1, one uniform); <paramref name="maxTokens"/> when EOS never comes first.
    /// </summary>
    public static int TokensUntilEos(Random random, double eosProbability, int maxTokens)
    {
        if (eosProbability <= 0)
        {
            return maxTokens;
        }

        var u = 1.0 - random.NextDouble();
        var tokens = 1.0 + Math.Floor(Math.Log(u) / Math.Log(1.0 - eosProbability));
        return tokens >= maxTokens ? maxTokens : (int)tokens;
    }
}
