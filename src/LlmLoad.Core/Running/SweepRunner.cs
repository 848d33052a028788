using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Running;

/// <summary>
/// Runs a concurrency ramp.
/// </summary>
/// <remarks>
/// Steps, for each level in order and each repeat: reset the endpoint if asked; run the level with
/// <see cref="LevelRunner"/> into its own sub-directory (a full run result); then analyse the levels
/// so far and stop early past the breakpoint if asked. At the end (or on Ctrl-C) write
/// <c>sweep.json</c>, <c>sweep.csv</c>, the charts and <c>report.html</c>.
/// </remarks>
public sealed class SweepRunner(TimeProvider timeProvider)
{
    public const string SweepJsonFileName = "sweep.json";
    public const string SweepCsvFileName = "sweep.csv";

    /// <summary>
    /// Called before each run of a level (concurrency, repeat from 1, the counters the run updates);
    /// what it returns is disposed when that run ends (a progress display, say).
    /// </summary>
    public Func<int, int, RunProgress, IAsyncDisposable?>? LevelStarting { get; init; }

    /// <summary>Called after each level with its results.</summary>
    public Action<SweepLevel>? LevelFinished { get; init; }

    public async Task<SweepResult> RunAsync(SweepOptions options, CancellationToken cancellationToken)
    {
        var directory = options.Template.OutputDirectory;
        Directory.CreateDirectory(directory);
        var startedAt = timeProvider.GetUtcNow();
        var levels = new List<SweepLevel>();
        string? model = null;
        using var resetClient = new HttpClient { Timeout = EndpointReset.Timeout };
        foreach (var concurrency in options.Plan.Levels)
        {
            var repeats = new List<Metrics.RunSummary>();
            var servers = new Dictionary<Metrics.RunSummary, IReadOnlyList<Telemetry.ServerSummary>>(ReferenceEqualityComparer.Instance);
            for (var repeat = 1; repeat <= options.Repeats && !cancellationToken.IsCancellationRequested; repeat++)
            {
                if (options.Reset is { } reset)
                {
                    await reset.RunAsync(resetClient, cancellationToken).ConfigureAwait(false);
                }
                var progress = new RunProgress();
                RunResult run;
                await using (LevelStarting?.Invoke(concurrency, repeat, progress))
                {
                    run = await new LevelRunner(timeProvider).RunAsync(LevelOptions(options, concurrency, repeat), progress, cancellationToken).ConfigureAwait(false);
                }
                model ??= run.Model;
                if (!run.Interrupted)
                {
                    repeats.Add(run.Summary);
                    servers[run.Summary] = run.Server ?? [];
                }
            }
            if (repeats.Count == 0)
            {
                break;
            }
            var level = SweepLevel.FromRepeats(concurrency, repeats);
            level = level.WithServer(servers[level.Summary]);
            levels.Add(level);
            LevelFinished?.Invoke(level);
            if (cancellationToken.IsCancellationRequested || (options.StopAfterBreakpoint && SweepAnalyzer.Analyze(levels, options.Analysis).Breakpoint.Concurrency is not null))
            {
                break;
            }
        }

        var configuration = RunConfiguration.ToJson(options.Template, model ?? options.Template.Endpoint.Model ?? "");
        configuration["concurrency_plan"] = string.Join(",", options.Plan.Levels);
        configuration["repeats"] = options.Repeats;
        if (options.RequestsScale < 1)
        {
            configuration["requests_scale"] = options.RequestsScale;
        }
        var document = new SweepDocument(ToolInfo.Version, startedAt, model, configuration, levels,
            SweepAnalyzer.Analyze(levels, options.Analysis), Interrupted: cancellationToken.IsCancellationRequested);
        var charts = WriteFiles(directory, document);
        return new SweepResult(directory, document, charts);
    }

    /// <summary>Writes sweep.json, sweep.csv, the charts and report.html of one sweep (also used for virtual-time predictions).</summary>
    public static IReadOnlyList<Reporting.Plots.ChartFile> WriteFiles(string directory, SweepDocument document)
    {
        Directory.CreateDirectory(directory);
        using (var json = File.Create(Path.Combine(directory, SweepJsonFileName)))
        {
            SweepJsonWriter.Write(json, document);
        }
        using (var csv = new StreamWriter(Path.Combine(directory, SweepCsvFileName)))
        {
            SweepCsvWriter.Write(csv, document.Levels);
        }
        return WriteReport(directory, document);
    }

    /// <summary>Writes the charts and report.html of one sweep (also used to re-render saved results).</summary>
    public static IReadOnlyList<Reporting.Plots.ChartFile> WriteReport(string directory, SweepDocument document)
    {
        var label = document.Model ?? "endpoint";
        return SweepReportWriter.Write(directory, $"llmload sweep: {label}",
            [new ModelSweep(label, document.Levels, document.Analysis)], [], null, document.Configuration, document.StartedAt, document.ToolVersion);
    }

    private static RunOptions LevelOptions(SweepOptions options, int concurrency, int repeat)
    {
        var name = options.Repeats > 1 ? $"c{concurrency}-r{repeat}" : $"c{concurrency}";
        return options.Template with
        {
            OutputDirectory = Path.Combine(options.Template.OutputDirectory, name),
            Load = options.Template.Load with
            {
                Concurrency = concurrency,
                RequestsPerSecond = null,
                NumRequests = options.RequestsAt(concurrency),
                Duration = options.DurationPerLevel,
                WarmupRequests = options.WarmupPerLevel,
            },
        };
    }
}
