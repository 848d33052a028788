using BenchmarkDotNet.Running;
using LlmLoad.Benchmarks;

// `--filter '*'` runs every benchmark; `--list flat` names them. See BENCHMARKS.md for the figures.
BenchmarkSwitcher.FromAssembly(typeof(ShortJobConfig).Assembly).Run(args, new ShortJobConfig());
