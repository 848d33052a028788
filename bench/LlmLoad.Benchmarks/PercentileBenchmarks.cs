using BenchmarkDotNet.Attributes;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Benchmarks;

/// <summary><see cref="LatencyStats.From"/> on a million latency samples (an ITL list of 10,000 100-token requests).</summary>
[MemoryDiagnoser]
public class PercentileBenchmarks
{
    private double[] _samples = [];

    [GlobalSetup]
    public void Setup()
    {
        // log-normal around 20 ms, like inter-token latencies; constant seed so runs are repeatable
        var random = new Random(42);
        _samples = new double[1_000_000];
        for (var i = 0; i < _samples.Length; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            _samples[i] = Math.Exp(Math.Log(20) + 0.4 * normal);
        }
    }

    [Benchmark]
    public double? StatsOfOneMillionSamples() => LatencyStats.From(_samples).P99;
}
