using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>
/// The <c>client</c> mode: llmload's own engine (<see cref="LoadHttpClientFactory"/>, <see cref="RequestExecutor"/>,
/// <see cref="LoadDriver"/>, <see cref="RecordWriter"/>, <see cref="RunProgress"/>) against the harness server.
/// </summary>
/// <remarks>
/// Steps: (1) build the client as <c>LevelRunner</c> does (pool sized to the concurrency, connections opened
/// up front at a bounded rate, o200k tokenizer);
/// (2) a warm-up pass (at least one request per user, and at least <see cref="ClientOptions.WarmRequests"/>) opens the
/// connections and lets the JIT finish compiling the path; (3) the measured
/// pass, whose send step is <c>LevelRunner</c>'s own (<see cref="RequestRecorder"/>), with CPU time, wall time and the server's
/// CPU read before and after; (4) fetch the server's stamps and analyse (<see cref="LevelAnalysis"/>).
/// Every request of the measured pass runs entirely inside the CPU window, so CPU per request needs no correction;
/// its first wave (one request per user, all sent at once) is excluded from the latency figures only.
/// </remarks>
public static class CapacityClient
{
    /// <summary>LevelRunner's pool size for an uncapped open loop.</summary>
    internal const int UncappedOpenLoopConnections = 10_000;

    public static async Task<int> RunAsync(HarnessArguments args)
    {
        var options = ClientOptions.From(args);
        var endpoint = new EndpointOptions { BaseUrl = options.Url, Model = "bench", Stream = true, HttpStack = options.HttpStack };
        var clock = new RunClock(TimeProvider.System);
        // relate the run clock to the wall clock to the microsecond (RunClock.OriginUnixMs is whole milliseconds)
        var anchorRunMs = clock.NowMs();
        var anchorUnixUs = WallClock.NowUnixMicroseconds();
        using var preopened = new PreopenedConnections();
        using var client = LoadHttpClientFactory.Create(endpoint, (options.Concurrency ?? UncappedOpenLoopConnections) + 1, preopened);
        using var control = new HttpClient { BaseAddress = options.Url };
        var tokenizer = TokenizerCatalog.Create(TokenizerCatalog.DefaultName);
        var executor = new RequestExecutor(client, endpoint, clock, tokenizer, "capacity");
        var directory = Directory.CreateTempSubdirectory("llmload-capacity-");
        try
        {
            (await control.PostAsync("/reset", null)).EnsureSuccessStatusCode();
            var bodies = new RequestBodies(options.Tokens, ExpectedRequests(options));
            // as LevelRunner does for a closed loop: one connection per user, at a bounded rate
            var connections = await preopened.OpenAsync(endpoint, options.WarmConcurrency, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pre-opened {connections.Opened} connections in {connections.Elapsed.TotalSeconds:0.0} s ({connections.Failed} failed, connect p99 {connections.ConnectP99Ms:0.0} ms, max {connections.ConnectMaxMs:0.0} ms)"));

            var warm = new LoadOptions { Concurrency = options.WarmConcurrency, NumRequests = Math.Max(options.WarmConcurrency, options.WarmRequests) };
            var warmRecords = await RunPassAsync(executor, clock, warm, 0, bodies, Path.Combine(directory.FullName, "warm.jsonl"));

            var measured = options.Concurrency is { } users
                ? new LoadOptions { Concurrency = users, Duration = options.Duration, WarmupRequests = users }
                : new LoadOptions { Concurrency = null, RequestsPerSecond = options.RequestsPerSecond, Arrival = ArrivalProcess.Poisson, Duration = options.Duration, Seed = 1 };
            var loadBefore = ProcessStats.LoadAverage();
            var gcBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var gcPauseBefore = GC.GetTotalPauseDuration();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var serverCpuBefore = await ServerCpuMsAsync(control);
            var cpuBefore = ProcessStats.CpuTime();
            var kernelCpuBefore = ProcessStats.KernelCpuTime();
            var switchesBefore = ProcessStats.ContextSwitches();
            var started = Stopwatch.GetTimestamp();
            using var sampler = Environment.GetEnvironmentVariable("LLMLOAD_SAMPLE_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
            var records = await RunPassAsync(executor, clock, measured, warmRecords.Count, bodies, Path.Combine(directory.FullName, "requests.jsonl"));
            sampler?.Print();
            var wall = Stopwatch.GetElapsedTime(started);
            var cpu = ProcessStats.CpuTime() - cpuBefore;
            var kernelCpu = ProcessStats.KernelCpuTime() - kernelCpuBefore;
            var switches = ProcessStats.ContextSwitches() - switchesBefore;
            var serverCpuMs = await ServerCpuMsAsync(control) - serverCpuBefore;
            var gcCounts = Enumerable.Range(0, 3).Select(generation => GC.CollectionCount(generation) - gcBefore[generation]).ToArray();
            var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var openSockets = OpenSocketCount();

            var stamps = await control.GetByteArrayAsync(string.Create(CultureInfo.InvariantCulture, $"/stamps?from={warmRecords.Count}&count={records.Count}"));
            var result = LevelAnalysis.Analyze(new LevelMeasurement(options, records, warmRecords.Count, stamps, anchorRunMs, anchorUnixUs,
                wall, cpu, kernelCpu, switches, TimeSpan.FromMilliseconds(serverCpuMs), gcCounts, gcPause, allocated, openSockets, ProcessStats.PeakRssMiB(), Math.Max(loadBefore ?? 0, ProcessStats.LoadAverage() ?? 0)));
            Console.WriteLine(LevelReport.Describe(result));
            Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>One pass, with LevelRunner's send step (<see cref="RequestRecorder"/>); returns the records by index.</summary>
    internal static async Task<IReadOnlyList<RequestRecord>> RunPassAsync(
        RequestExecutor executor, RunClock clock, LoadOptions load, int indexBase, RequestBodies bodies, string path)
    {
        RequestRecorder recorder;
        await using (var writer = new RecordWriter(path))
        {
            recorder = new RequestRecorder(executor, writer, new RunProgress(), CancellationToken.None);
            var driver = new LoadDriver(load, clock);
            await driver.RunAsync((index, scheduledAtMs) => recorder.SendAsync(
                new PreparedRequest(indexBase + index, index < load.WarmupRequests, bodies.For(indexBase + index), 8, bodies.MaxTokens), scheduledAtMs),
                CancellationToken.None).ConfigureAwait(false);
        }
        return recorder.RecordsByIndex();
    }

    /// <summary>An upper bound of the requests both passes send, so their bodies can be built up front.</summary>
    private static int ExpectedRequests(ClientOptions options)
    {
        var shortestStreamSeconds = Math.Max(0.05, options.Tokens * options.ServerItlMs * 0.75 / 1000);
        var measured = options.Concurrency is { } users
            ? users * (options.Duration.TotalSeconds / shortestStreamSeconds + 2)
            : options.RequestsPerSecond!.Value * options.Duration.TotalSeconds * 1.2 + 1000;
        return (int)Math.Min(2_000_000, Math.Max(options.WarmConcurrency, options.WarmRequests) + measured);
    }

    private static async Task<double> ServerCpuMsAsync(HttpClient control) =>
        double.Parse(await control.GetStringAsync("/cpu"), CultureInfo.InvariantCulture);

    /// <summary>Sockets this process holds open (Linux), i.e. pooled connections once a pass has ended.</summary>
    private static int? OpenSocketCount()
    {
        const string fds = "/proc/self/fd";
        if (!Directory.Exists(fds))
        {
            return null;
        }
        return Directory.EnumerateFileSystemEntries(fds)
            .Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);
    }
}
