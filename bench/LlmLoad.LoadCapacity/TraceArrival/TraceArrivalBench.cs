using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.LoadCapacity.Client;
using LlmLoad.LoadCapacity.Server;
using LlmLoad.LoadCapacity.Suite;
using LlmLoad.Tests.Common;

namespace LlmLoad.LoadCapacity.TraceArrival;

/// <summary>
/// The <c>trace-arrival</c> mode: how close to its trace time each request of a replay reaches the server.
/// The trace is <c>--trace PATH</c> (Mooncake JSON Lines; default examples/traces/mooncake_small.jsonl, 200 requests
/// over 4.3 s) or <c>--generate N --rate R</c> (Poisson, fixed draw). For each of <c>--speeds</c> (default 1,4),
/// <c>--runs</c> times: a fresh <see cref="ArrivalServer"/> process (stamps each request's first byte, answers with one
/// token at once); in this process, llmload's engine as <c>LevelRunner</c> sets it up for
/// a replay (an uncapped open loop, no pre-opened connections, one pre-flight request), a warm-up of
/// <c>--warm-requests</c> (default 200, so neither side runs start-up code), then the replay through
/// <see cref="LoadDriver"/> on the trace's offsets and the product's send step; then <see cref="ArrivalAnalysis"/>; then
/// the same trace from <see cref="ReferenceReplay"/>, the yardstick of what the machine allows at that moment. With
/// <c>--llmload PATH</c>, the replay is the real CLI's instead (<see cref="CliReplay"/>), each in a fresh process.
/// Bodies are the harness's small ones carrying their index (the server's stamps join the records by it): the
/// prompts' length changes the write, not when it starts.
/// </summary>
public static class TraceArrivalBench
{
    private const string DefaultTrace = "examples/traces/mooncake_small.jsonl";

    public static async Task<int> RunAsync(HarnessArguments args)
    {
        var offsetsMs = TraceOffsets(args);
        var runs = args.Integer("runs", 1);
        var warmRequests = args.Integer("warm-requests", 200);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace: {offsetsMs.Count} requests over {(offsetsMs[^1] - offsetsMs[0]) / 1000:0.00} s; {Environment.ProcessorCount} cores"));
        var cli = args.Text("llmload");
        if (cli is not null && args.Has("generate"))
        {
            throw new ArgumentException("--llmload replays a trace file (--trace PATH); it cannot take --generate");
        }
        foreach (var speed in args.Integers("speeds", [1, 4]))
        {
            var dueOffsetsMs = offsetsMs.Select(offsetMs => offsetMs / speed).ToArray();
            for (var run = 0; run < runs; run++)
            {
                await using var server = await ServerProcess.StartAsync("--max-seconds 600", "arrival-server");
                if (cli is null)
                {
                    Console.WriteLine((await ReplayAsync(server.Url, offsetsMs, dueOffsetsMs, speed, warmRequests)).Describe());
                    continue;
                }
                var cliError = await CliReplay.RunAsync(cli, TracePath(args), server.Url, dueOffsetsMs, speed);
                var reference = await ReferenceErrorAsync(server.Url, dueOffsetsMs, dueOffsetsMs.Length + 1);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed {speed}, llmload CLI:  {ArrivalResult.Stats(cliError.Aligned)}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed {speed}, reference:    {ArrivalResult.Stats(reference.Aligned)}"));
            }
        }
        return 0;
    }

    /// <summary><see cref="ReferenceReplay"/> on the trace with the indexes from <paramref name="firstIndex"/>, and its error.</summary>
    private static async Task<TraceError> ReferenceErrorAsync(Uri url, IReadOnlyList<double> dueOffsetsMs, int firstIndex)
    {
        var bodies = new RequestBodies(10, 0);
        var start = ReferenceReplay.Run(url, dueOffsetsMs, index => bodies.For(firstIndex + index));
        using var control = new HttpClient { BaseAddress = url };
        var stamps = await ArrivalServer.StampsAsync(control, firstIndex, dueOffsetsMs.Count);
        return TraceError.From([.. stamps.Select((stamp, index) => Stopwatch.GetElapsedTime(start, stamp).TotalMilliseconds - dueOffsetsMs[index])]);
    }

    private static IReadOnlyList<double> TraceOffsets(HarnessArguments args)
    {
        if (args.Has("generate"))
        {
            return [.. ArrivalSchedule.OffsetsMs(ArrivalProcess.Poisson, args.Number("rate", 50), seed: 1).Take(args.Integer("generate", 1000))];
        }
        var path = TracePath(args);
        return WorkloadFactory.Build(new WorkloadOptions { Dataset = "mooncake:" + path }, int.MaxValue, wholeTrace: true).ArrivalOffsetsMs
            ?? throw new ArgumentException($"{path} has no timestamps");
    }

    /// <summary>One replay of <paramref name="traceOffsetsMs"/> at <paramref name="speed"/> (due at <paramref name="dueOffsetsMs"/>), as --trace-speed does it.</summary>
    private static async Task<ArrivalResult> ReplayAsync(Uri url, IReadOnlyList<double> traceOffsetsMs, double[] dueOffsetsMs, double speed, int warmRequests)
    {
        var endpoint = new EndpointOptions { BaseUrl = url, Model = "bench", Stream = true };
        var clock = new RunClock(TimeProvider.System);
        // relates the run clock to the server's stamps, read from the same monotonic clock
        var anchorRunMs = clock.NowMs();
        var anchorTimestamp = Stopwatch.GetTimestamp();
        using var preopened = new PreopenedConnections();
        using var client = LoadHttpClientFactory.Create(endpoint, CapacityClient.UncappedOpenLoopConnections + 1, preopened);
        using var control = new HttpClient { BaseAddress = url };
        var executor = new RequestExecutor(client, endpoint, clock, TokenizerCatalog.Create(TokenizerCatalog.DefaultName), "trace-arrival");
        var bodies = new RequestBodies(10, dueOffsetsMs.Length + 1 + warmRequests);
        var directory = Directory.CreateTempSubdirectory("llmload-trace-arrival-");
        try
        {
            // as LevelRunner: one pre-flight, whose connection stays pooled; indexes past the trace (it and the warm-up's)
            // are not analysed, so the replay's stamps are its own
            await executor.ExecuteAsync(new PreparedRequest(dueOffsetsMs.Length, Warmup: true, bodies.For(dueOffsetsMs.Length), 8, 1), clock.NowMs(), CancellationToken.None);
            if (warmRequests > 0)
            {
                await CapacityClient.RunPassAsync(executor, clock, new LoadOptions { Concurrency = 4, NumRequests = warmRequests }, dueOffsetsMs.Length + 1, bodies,
                    Path.Combine(directory.FullName, "warm.jsonl"));
            }

            var loadBefore = ProcessStats.LoadAverage();
            var cpuBefore = ProcessStats.CpuTime();
            var replay = new LoadOptions { Concurrency = null, TraceOffsetsMs = traceOffsetsMs, TraceSpeed = speed, NumRequests = traceOffsetsMs.Count };
            var records = await CapacityClient.RunPassAsync(executor, clock, replay, 0, bodies, Path.Combine(directory.FullName, "requests.jsonl"));
            var cpu = ProcessStats.CpuTime() - cpuBefore;
            var loadAfter = ProcessStats.LoadAverage();

            var arrivalRunMs = (await ArrivalServer.StampsAsync(control, 0, dueOffsetsMs.Length))
                .Select(stamp => stamp > 0 ? anchorRunMs + Stopwatch.GetElapsedTime(anchorTimestamp, stamp).TotalMilliseconds : double.NaN).ToArray();

            // the same trace again, on indexes of its own
            var reference = await ReferenceErrorAsync(url, dueOffsetsMs, dueOffsetsMs.Length + 1 + warmRequests);

            return ArrivalAnalysis.Analyze(speed, dueOffsetsMs, records, arrivalRunMs) with
            {
                ReferenceTraceError = reference,
                ClientCpuMsPerRequest = cpu.TotalMilliseconds / records.Count,
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = loadAfter,
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string TracePath(HarnessArguments args) => args.Text("trace") ?? FindUp(DefaultTrace)
        ?? throw new ArgumentException($"no {DefaultTrace} above {AppContext.BaseDirectory}; pass --trace PATH or --generate N");

    /// <summary>The first <paramref name="relative"/> found in the executable's directory or one above it (the repository's root).</summary>
    private static string? FindUp(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
