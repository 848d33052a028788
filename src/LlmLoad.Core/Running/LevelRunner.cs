using System.Globalization;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Telemetry;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Running;

/// <summary>
/// Runs one load level end to end.
/// </summary>
/// <remarks>
/// Steps: build the workload; resolve the model from <c>GET /v1/models</c> when none is given and
/// serialize every request body; send one pre-flight request and fail fast if the endpoint cannot work;
/// for a closed loop, open one connection per user at a bounded rate so that connects stay out of the first wave's TTFT;
/// drive the load model, recording each request as it finishes (with <c>--multi-turn</c>, the load model starts
/// sessions and <see cref="SessionRunner"/> plays their turns); on stop, give requests in flight a
/// grace period, then cancel them; summarize the records and write <c>summary.json</c>, with the client's own
/// health (CPU, timer lag, schedule lag) and warnings when the client may have distorted the numbers.
/// </remarks>
public sealed class LevelRunner(TimeProvider timeProvider)
{
    /// <summary>Open-loop runs without a cap still need a bounded connection pool.</summary>
    private const int UncappedOpenLoopConnections = 10_000;

    /// <summary>An open loop opens a connection before the start for each request due this soon.</summary>
    private static readonly TimeSpan OpenLoopFirstWave = TimeSpan.FromSeconds(1);

    /// <summary>An open loop's connections opened before the start that are not used this soon after its first send are closed.</summary>
    private static readonly TimeSpan OpenLoopConnectionsHandOutWindow = OpenLoopFirstWave * 2;

    /// <summary>Runs and writes the results. <paramref name="stop"/> is the user's Ctrl-C.</summary>
    /// <exception cref="EndpointException">The pre-flight showed the endpoint cannot be benchmarked.</exception>
    /// <exception cref="WorkloadException">The dataset or tokenizer could not be loaded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="stop"/> fired before the first measured request; nothing was written.</exception>
    public async Task<RunResult> RunAsync(RunOptions options, RunProgress progress, CancellationToken stop)
    {
        var load = options.Load;
        var endpoint = options.Endpoint;
        // the workload first: a bad dataset is reported before any request is sent
        var requestCount = load.Duration is null ? load.WarmupRequests + load.NumRequests : Math.Max(load.WarmupRequests + 1, 10_000);
        var users = load.Concurrency ?? 1;
        var sessions = options.Workload.MultiTurn
            ? SessionWorkloadFactory.Build(options.Workload, load.NumSessions ?? SessionWorkloadFactory.SessionsNeeded(options.Workload, requestCount, users))
            : null;
        var workload = sessions is null ? WorkloadFactory.Build(options.Workload, requestCount, load.ReplayTraceTimes && load.ReplayWholeTrace) : null;
        if (load.ReplayTraceTimes && workload?.ArrivalOffsetsMs is { } traceOffsetsMs)
        {
            // a timestamped dataset with neither --rate nor --concurrency: an open loop on the trace's clock
            load = load with
            {
                Concurrency = null,
                TraceOffsetsMs = traceOffsetsMs,
                NumRequests = load.ReplayWholeTrace ? Math.Max(1, traceOffsetsMs.Count - load.WarmupRequests) : load.NumRequests,
            };
            options = options with { Load = load };
            requestCount = load.Duration is null ? Math.Min(traceOffsetsMs.Count, load.WarmupRequests + load.NumRequests) : requestCount;
        }
        var tokenizer = sessions?.Tokenizer ?? workload!.Tokenizer;
        // a shard builds the whole run's workload (the same items on every shard) and sends its share of the load:
        // its request k is the run's request shard.GlobalIndex(k), so the shards' items are disjoint and add up to the run's
        var shard = options.Shard;
        var share = shard?.Spec.Apply(load) ?? load;
        if (shard is not null)
        {
            users = share.Concurrency ?? 1;
            requestCount = share.Duration is null ? share.WarmupRequests + share.NumRequests : requestCount;
        }

        using var preopened = new PreopenedConnections { HandOutWindow = share.IsOpenLoop ? OpenLoopConnectionsHandOutWindow : null };
        using var client = LoadHttpClientFactory.Create(endpoint, load.MaxInFlight(UncappedOpenLoopConnections) + 1, preopened);
        var probe = new EndpointProbe(client, endpoint);
        var knownModels = await probe.ListModelsAsync(stop).ConfigureAwait(false);
        var model = endpoint.Model ?? knownModels.FirstOrDefault()
            ?? throw new EndpointException($"{endpoint.ModelsUri} lists no model; name one with --model.");
        var builder = new OpenAiRequestBuilder(endpoint);
        // a model mix picks per workload item (per session script with --multi-turn), so each body is built once, with its model
        string[] models = endpoint.Models is { } mix ? [.. mix.Entries.Select(entry => entry.Name)] : [model];
        var modelPicks = endpoint.Models?.Picks(options.Workload.Seed, WorkloadRandom.Models, workload?.Items.Count ?? sessions!.Sessions.Count);
        string ModelOf(int item) => modelPicks is null ? model : models[modelPicks[item]];
        var bodies = workload?.Items.Select((item, i) => builder.Build(item, ModelOf(i))).ToArray() ?? [];

        var clock = new RunClock(timeProvider);
        var runId = shard?.RunId ?? string.Create(CultureInfo.InvariantCulture, $"{timeProvider.GetUtcNow():yyyyMMddHHmmss}-{Environment.MachineName}-{Random.Shared.Next(0x10000):x4}");
        var executor = new RequestExecutor(client, endpoint, clock, tokenizer, runId);
        var preflightItem = (workload?.Items[0] ?? new SessionHistory(sessions!.Sessions[0], endpoint.Api != EndpointApi.Completions).NextRequest()) with { MaxOutputTokens = 1 };
        var modelWarnings = new List<string>();
        // one pre-flight per model, so a misspelt name in a mix fails here, not as a share of the run's errors
        foreach (var name in models)
        {
            var preflight = await executor.ExecuteAsync(
                new PreparedRequest(-1, Warmup: true, builder.Build(preflightItem, name), preflightItem.PromptTokens, 1), clock.NowMs(), stop).ConfigureAwait(false);
            // a pre-flight the user cancelled says nothing about the endpoint
            stop.ThrowIfCancellationRequested();
            EndpointProbe.ThrowIfUnusable(preflight, endpoint, name, knownModels);
            if (EndpointProbe.UnlistedModel(endpoint, name, knownModels) is { } unlisted)
            {
                modelWarnings.Add(unlisted);
            }
        }
        // with --multi-turn, the shard's share of turns, users and session arrivals drives the sessions
        var budget = new RequestBudget(share, clock);
        // the first wave needs a connection per request, less the pre-flight's, which stays pooled: in a closed loop one
        // per user (no more than it has requests), in an open loop one per request (or session) due in its first second
        // (no more than its in-flight cap), whose sends would otherwise each wait for a connect (a TLS handshake on a
        // remote endpoint)
        var firstWave = !share.IsOpenLoop ? Math.Min(users, requestCount)
            : Math.Min(sessions is null ? new LoadDriver(share, clock).RequestsDueWithin(OpenLoopFirstWave) : new SessionDriver(share, clock, budget).SessionsStartingWithin(OpenLoopFirstWave),
                share.MaxInFlight(UncappedOpenLoopConnections));
        var connections = firstWave < 2 ? null : await preopened.OpenAsync(endpoint, firstWave - 1, stop).ConfigureAwait(false);

        // after the pre-flight, so a page that answers is scraped only for an endpoint that works
        await using var scraper = await ServerMetricsScraper.StartAsync(options.ServerMetrics, endpoint, clock, stop).ConfigureAwait(false);
        var (shardStartAt, startWarning) = shard is null ? default : await ShardStart.WaitAsync(shard, timeProvider, stop).ConfigureAwait(false);
        var loadStartedAt = timeProvider.GetUtcNow();
        Directory.CreateDirectory(options.OutputDirectory);
        progress.Total = share.Duration is null && share.NumSessions is null ? requestCount : null;
        progress.MultiTurn = sessions is not null;
        var sessionCounters = new SessionCounters();
        progress.Duration = load.Duration;
        using var inFlight = new CancellationTokenSource();
        await using var health = new ClientHealthMonitor(timeProvider);
        RequestRecorder recorder;
        await using (var writer = new RecordWriter(Path.Combine(options.OutputDirectory, SavedRun.RecordsFileName)))
        {
            using var graceAfterStop = stop.Register(() => inFlight.CancelAfter(options.StopGracePeriod));
            recorder = new RequestRecorder(executor, writer, progress, inFlight.Token);
            if (sessions is not null)
            {
                // each session keeps the run's think times
                var player = new SessionRunner(sessions, builder, ModelOf, executor, budget, load, shard?.Spec ?? ShardSpec.Whole, endpoint.Api != EndpointApi.Completions, clock, progress,
                    sessionCounters, recorder.Keep, recorder.ExpectRecord);
                await new SessionDriver(share, clock, budget).RunAsync((session, dueAtMs) => player.RunAsync(session, dueAtMs, stop, inFlight.Token), stop).ConfigureAwait(false);
            }
            else
            {
                var driver = new LoadDriver(share, clock);
                await driver.RunAsync(async (index, scheduledAtMs) =>
                {
                    var runIndex = shard?.Spec.GlobalIndex(index) ?? index;
                    var itemIndex = runIndex % workload!.Items.Count;
                    var item = workload.Items[itemIndex];
                    var request = new PreparedRequest(runIndex, index < share.WarmupRequests, bodies[itemIndex], item.PromptTokens, item.MaxOutputTokens)
                    {
                        Model = ModelOf(itemIndex),
                        Dataset = item.Dataset,
                    };
                    await recorder.SendAsync(request, scheduledAtMs).ConfigureAwait(false);
                }, stop).ConfigureAwait(false);
            }
        }

        var ordered = recorder.RecordsByIndex();
        IReadOnlyList<ServerSummary> server = scraper is null ? []
            : ServerTelemetry.Finish(options.OutputDirectory, scraper.Urls, await scraper.StopAsync().ConfigureAwait(false), ordered);
        var summary = RunSummarizer.Summarize(ordered, new SummaryOptions
        {
            MaxConcurrency = share.Concurrency,
            RequestRate = share.RequestsPerSecond,
            Ramp = load.Ramp,
            Slo = options.Goodput,
        });
        // an open loop that filled its --concurrency cap was held back by the user's cap, not by the client
        var capReached = share.Concurrency is { } cap && summary.PeakConcurrency >= cap ? cap : (int?)null;
        var clientHealth = await health.StopAsync(ordered.Length, share.IsOpenLoop ? OpenLoopPace.From(ordered, capReached) : null, connections,
            executor.SlowestTokenCountMs).ConfigureAwait(false);
        var configuration = RunConfiguration.ToJson(options, model);
        configuration["workload"] = sessions?.Description ?? workload!.Description;
        var startedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)clock.OriginUnixMs);
        await using (var summaryFile = File.Create(Path.Combine(options.OutputDirectory, SavedRun.SummaryFileName)))
        {
            SummaryJsonWriter.Write(summaryFile, summary, configuration, ToolInfo.Version,
                startedAt, stop.IsCancellationRequested, clientHealth, server,
                sessions is null ? null : sessionCounters.ToCounts());
        }
        if (shard is not null)
        {
            await using var shardFile = File.Create(Path.Combine(options.OutputDirectory, ShardManifest.FileName));
            ShardManifestJson.Write(shardFile, new ShardManifest(shard.RunId, shard.Spec, Environment.MachineName, shardStartAt, loadStartedAt, clock.OriginUnixMs,
                new ShardShare(share.Concurrency, share.RequestsPerSecond, share.Duration is null && share.NumSessions is null ? share.NumRequests : null, share.WarmupRequests)
                {
                    NumSessions = share.NumSessions,
                }, clientHealth, configuration));
        }
        return new RunResult(options.OutputDirectory, model, ordered, summary, [.. startWarning is null ? [] : new[] { startWarning }, .. sessions?.Warnings ?? workload!.Warnings, .. modelWarnings, .. clientHealth.Warnings(), .. server.SelectMany(s => s.Notes)],
            stop.IsCancellationRequested, clientHealth, server)
        {
            Sessions = sessions is null ? null : sessionCounters.ToCounts(),
            Configuration = configuration,
            StartedAt = startedAt,
        };
    }
}
