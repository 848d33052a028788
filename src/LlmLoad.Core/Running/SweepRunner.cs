using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Running;

/// <summary>
/// Runs a ramp of concurrencies or of offered request rates (<see cref="SweepOptions.Levels"/>).
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
    /// Called before each run of a level (its load, repeat from 1, the counters the run updates);
    /// what it returns is disposed when that run ends (a progress display, say).
    /// </summary>
    public Func<LoadPoint, int, RunProgress, IAsyncDisposable?>? LevelStarting { get; init; }

    /// <summary>Called after each level with its results.</summary>
    public Action<SweepLevel>? LevelFinished { get; init; }

    /// <summary>False (<c>--no-report</c>): no report.html or charts at the end; sweep.json, sweep.csv and the levels' files are written all the same.</summary>
    public bool WritesReport { get; init; } = true;

    public async Task<SweepResult> RunAsync(SweepOptions options, CancellationToken cancellationToken)
    {
        var directory = options.Template.OutputDirectory;
        Directory.CreateDirectory(directory);
        var startedAt = timeProvider.GetUtcNow();
        var levels = new List<SweepLevel>();
        string? model = null;
        using var resetClient = new HttpClient { Timeout = EndpointReset.Timeout };
        foreach (var load in options.Levels)
        {
            var (level, levelModel) = await MeasureAsync(options, load, resetClient, cancellationToken).ConfigureAwait(false);
            model ??= levelModel;
            if (level is null)
            {
                break;
            }
            levels.Add(level);
            LevelFinished?.Invoke(level);
            if (cancellationToken.IsCancellationRequested || (options.StopAfterBreakpoint && SweepAnalyzer.Analyze(levels, options.Analysis).Breakpoint.Load is not null))
            {
                break;
            }
        }

        var configuration = Configuration(options, model);
        var document = new SweepDocument(ToolInfo.Version, startedAt, ModelLabel.Of(configuration), configuration, levels,
            SweepAnalyzer.Analyze(levels, options.Analysis), Interrupted: cancellationToken.IsCancellationRequested);
        var charts = WriteFiles(directory, document, WritesReport);
        return new SweepResult(directory, document, charts);
    }

    /// <summary>Writes sweep.json, sweep.csv, the charts and report.html of one sweep (also used for virtual-time predictions).</summary>
    /// <param name="writeReport">False: sweep.json and sweep.csv only (<c>--no-report</c>; <c>llmload report</c> draws the rest later).</param>
    public static IReadOnlyList<Reporting.Plots.ChartFile> WriteFiles(string directory, SweepDocument document, bool writeReport = true)
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
        return writeReport ? WriteReport(directory, document) : [];
    }

    /// <summary>Writes the charts and report.html of one sweep (also used to re-render saved results).</summary>
    public static IReadOnlyList<Reporting.Plots.ChartFile> WriteReport(string directory, SweepDocument document)
    {
        var label = document.Model ?? "endpoint";
        return SweepReportWriter.Write(directory, $"llmload sweep: {label}",
            [new ModelSweep(label, document.Levels, document.Analysis)], [], null, document.Configuration, document.StartedAt, document.ToolVersion,
            ShardTables(directory, document));
    }

    /// <summary>A merged sweep's per-shard table of each level, read from the levels' summary.json; empty for one process's sweep.</summary>
    private static List<ReportTable> ShardTables(string directory, SweepDocument document) =>
    [
        .. document.Levels.Select(level => LevelDirectoryName(level.Load, 1, 1))
            .Select(name => Sharding.MergedClientHealthJson.ReadTable(Path.Combine(directory, name)) is { } table ? table with { Title = $"{name}: {table.Title}" } : null)
            .OfType<ReportTable>(),
    ];

    /// <summary>
    /// Measures one level: each repeat resets the endpoint if asked and runs into its own sub-directory; null when the
    /// user stopped the sweep before a repeat finished. Also used by <see cref="MaxRateFinder"/> for each probe.
    /// </summary>
    internal async Task<(SweepLevel? Level, string? Model)> MeasureAsync(SweepOptions options, LoadPoint load, HttpClient resetClient, CancellationToken cancellationToken)
    {
        string? model = null;
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
            await using (LevelStarting?.Invoke(load, repeat, progress))
            {
                run = await new LevelRunner(timeProvider).RunAsync(LevelOptions(options, load, repeat), progress, cancellationToken).ConfigureAwait(false);
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
            return (null, model);
        }
        var level = SweepLevel.FromRepeats(load, repeats);
        return (level.WithServer(servers[level.Summary]), model);
    }

    /// <summary>The run template's configuration with the sweep's own settings (plan, repeats, scale), as sweep.json records it.</summary>
    internal static System.Text.Json.Nodes.JsonObject Configuration(SweepOptions options, string? model)
    {
        var configuration = RunConfiguration.ToJson(options.Template, model ?? options.Template.Endpoint.Model ?? "");
        if (options.Rates is { } rates)
        {
            configuration["rate_plan"] = rates.ToString();
        }
        else
        {
            configuration["concurrency_plan"] = string.Join(",", options.Plan.Levels);
        }
        configuration["repeats"] = options.Repeats;
        if (options.RequestsScale < 1)
        {
            configuration["requests_scale"] = options.RequestsScale;
        }
        return configuration;
    }

    /// <summary>
    /// A sharded sweep's level k starts on every shard at --start-at + k × (level duration + this): the gap covers the
    /// level's warm-up, the drain of its last requests and the next level's pre-flight. A level that overruns it makes
    /// the next one start late, which the shard reports.
    /// </summary>
    public static readonly TimeSpan ShardedLevelGap = TimeSpan.FromSeconds(10);

    /// <summary>A level's sub-directory: c16, or rate12.5 (with -r2 for the second of several repeats).</summary>
    public static string LevelDirectoryName(LoadPoint load, int repeat, int repeats)
    {
        var stem = load.Axis == LoadAxis.Concurrency ? "c" + load.Number : "rate" + load.Number;
        return repeats > 1 ? $"{stem}-r{repeat}" : stem;
    }

    private static RunOptions LevelOptions(SweepOptions options, LoadPoint load, int repeat)
    {
        bool rate = load.Axis == LoadAxis.RequestRate;
        var levelIndex = options.Levels.ToList().IndexOf(load);
        return options.Template with
        {
            OutputDirectory = Path.Combine(options.Template.OutputDirectory, LevelDirectoryName(load, repeat, options.Repeats)),
            // a sharded sweep's levels line up across machines by wall clock (the command line asks a sharded sweep for a level duration)
            Shard = options.Template.Shard?.After(levelIndex * ((options.DurationPerLevel ?? TimeSpan.Zero) + ShardedLevelGap)),
            Load = options.Template.Load with
            {
                // a rate level keeps the template's concurrency as its in-flight cap
                Concurrency = rate ? options.Template.Load.Concurrency : (int)load.Value,
                RequestsPerSecond = rate ? load.Value : null,
                NumRequests = options.RequestsAt(load),
                Duration = options.DurationPerLevel,
                WarmupRequests = options.WarmupPerLevel,
            },
        };
    }
}
