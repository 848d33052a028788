using System.Globalization;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Commands;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Simulator.Http;

namespace LlmLoad.Cli.Study;

/// <summary>
/// Runs a study, one target after another.
/// </summary>
/// <remarks>
/// Steps for each target: start the embedded simulator for a <c>sim_profile</c> target measured in real
/// time (its own server, stopped after the target); run the baseline level into <c>TARGET/baseline/</c>;
/// run the sweep into <c>TARGET/sweep/</c>. A <c>mode: simulate</c> target is predicted in virtual time
/// instead and writes the same files. An unusable endpoint fails its target, not the study. On Ctrl-C the
/// remaining targets are skipped. At the end: study.json, tables.md, the charts and report.html.
/// </remarks>
internal sealed class StudyRunner(CliContext context)
{
    /// <summary>A finished (or stopped) study: its results, and whether some endpoint could not be used.</summary>
    public sealed record Outcome(StudyResults Results, bool SomeTargetUnusable);

    public async Task<Outcome> RunAsync(StudyDefinition study, string directory, double requestsScale, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var startedAt = context.TimeProvider.GetUtcNow();
        var targets = new List<StudyTargetResult>();
        var models = new List<ModelSweep>();
        var unusable = false;
        foreach (var target in study.Targets)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                targets.Add(Failed(target, "not run: the study was stopped"));
                continue;
            }
            context.Error.WriteLine($"== {target.Name}: {Describe(target)}");
            (StudyTargetResult Result, ModelSweep? Sweep) run;
            try
            {
                run = target.Mode == StudyTargetMode.Simulated
                    ? Predict(study, target, directory, startedAt, cancellationToken)
                    : await MeasureAsync(study, target, directory, requestsScale, cancellationToken);
            }
            catch (Exception exception) when (exception is EndpointException or EndpointResetException)
            {
                // a reset names its option as the study file does: sweep.reset_url
                var message = exception is EndpointResetException reset ? reset.Problem.Describe(key => $"sweep.{key}") : exception.Message;
                context.Error.WriteLine($"error: {target.Name}: {message}");
                unusable = true;
                run = (Failed(target, message), null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                run = (Failed(target, "stopped during its prediction"), null);
            }
            targets.Add(run.Result);
            if (run.Sweep is { } sweep)
            {
                models.Add(sweep);
                context.Error.WriteLine($"{sweep.Label}: {sweep.Analysis?.Reading}");
            }
        }

        var configuration = study.ToJson();
        configuration["requests_scale"] = requestsScale;
        // a baseline replayed at the trace's times has no concurrency to name
        var baselineConcurrency = study.Baseline.Load.ReplayTraceTimes ? null : study.Baseline.Load.Concurrency;
        var document = new StudyDocument(ToolInfo.Version, startedAt, study.Name, baselineConcurrency, requestsScale,
            configuration, targets, cancellationToken.IsCancellationRequested);
        using (var json = File.Create(Path.Combine(directory, StudyDocument.FileName)))
        {
            StudyJsonWriter.Write(json, document);
        }
        var results = new StudyResults(document, models, StudyResults.BaselinesOf(document));
        StudyReportWriter.Write(directory, results);
        return new Outcome(results, unusable);
    }

    private async Task<(StudyTargetResult, ModelSweep?)> MeasureAsync(
        StudyDefinition study, StudyTarget target, string directory, double requestsScale, CancellationToken cancellationToken)
    {
        SimulatorServer? server = null;
        if (target.Simulator is { } profile)
        {
            // the same seed rule as `run` without --base-url, so a study target and a run agree
            server = await SimulatorServer.StartAsync(
                new SimulatorServerOptions
                {
                    Profile = profile,
                    Port = 0,
                    Seed = study.Baseline.Workload.Seed + 1,
                    // as `run` does: the simulator serves each name of the target's model mix
                    ServedModelNames = target.Models?.Entries.Select(entry => entry.Name).ToArray() ?? [],
                }, cancellationToken);
        }
        await using var _ = server;
        var baseUrl = server?.BaseUrl ?? target.BaseUrl!;

        var baselineOptions = target.Apply(study.Baseline, baseUrl, Path.Combine(directory, target.BaselineDirectory));
        foreach (var notice in baselineOptions.Endpoint.ReplacedCredentialNotices())
        {
            context.Warn($"{target.Name}: {notice}");
        }
        var load = baselineOptions.Load;
        baselineOptions = baselineOptions with
        {
            Load = load with { NumRequests = SweepOptions.ScaleRequests(load.NumRequests, load.Concurrency ?? 1, requestsScale) },
        };
        context.Error.WriteLine(load.ReplayTraceTimes
            ? string.Create(CultureInfo.InvariantCulture, $"baseline: the trace at its times, {load.TraceSpeed}x speed")
            : string.Create(CultureInfo.InvariantCulture, $"baseline c={baselineOptions.Load.Concurrency}, {baselineOptions.Load.NumRequests} requests"));
        var progress = new RunProgress();
        RunResult baseline;
        await using (new ProgressReporter(progress, context.TimeProvider))
        {
            baseline = await new LevelRunner(context.TimeProvider).RunAsync(baselineOptions, progress, cancellationToken);
        }
        foreach (var warning in baseline.Warnings)
        {
            context.Warn(warning);
        }
        if (baseline.Interrupted)
        {
            return (Failed(target, "stopped during its baseline", baseline.Model), null);
        }

        var sweep = study.Sweep with
        {
            Template = target.Apply(study.Sweep.Template, baseUrl, Path.Combine(directory, target.SweepDirectory)),
            RequestsScale = requestsScale,
        };
        var runner = SweepPrinter.CreateRunner(context, sweep.Repeats);
        var result = await runner.RunAsync(sweep, cancellationToken);
        var analysis = result.Document.Analysis;
        var measured = new StudyTargetResult(target.Name, baseline.Model, StudyTargetMode.Measured, target.BaselineDirectory, target.SweepDirectory,
            baseline.Summary, analysis, result.Document.Interrupted ? "stopped during its sweep; the levels that finished are kept" : null);
        return (measured, new ModelSweep(measured.Label, result.Document.Levels, analysis));
    }

    private (StudyTargetResult, ModelSweep?) Predict(StudyDefinition study, StudyTarget target, string directory, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var profile = target.Simulator!;
        // validated when the study file was read
        var workload = VirtualPrediction.Workload(study.Baseline, out _)!;
        var seed = study.Baseline.Workload.Seed + 1;
        var concurrency = study.Baseline.Load.Concurrency ?? 1;
        var configuration = new JsonObject
        {
            ["mode"] = "virtual-time simulation",
            ["profile"] = profile.Name,
            ["model"] = profile.ServedModelName,
            ["input_tokens"] = study.Baseline.Workload.InputTokens,
            ["output_tokens"] = study.Baseline.Workload.OutputTokens,
            ["ignore_eos"] = workload.IgnoreEos,
            ["seed"] = seed,
        };

        context.Error.WriteLine($"baseline c={concurrency} in virtual time");
        var baseline = VirtualPrediction.Level(profile, concurrency, workload, seed, cancellationToken);
        var baselineDirectory = Path.Combine(directory, target.BaselineDirectory);
        Directory.CreateDirectory(baselineDirectory);
        using (var file = File.Create(Path.Combine(baselineDirectory, SavedRun.SummaryFileName)))
        {
            var baselineConfiguration = (JsonObject)configuration.DeepClone();
            baselineConfiguration["concurrency"] = concurrency;
            SummaryJsonWriter.Write(file, baseline, baselineConfiguration, ToolInfo.Version, startedAt);
        }

        context.Error.WriteLine($"sweep over c = {string.Join(", ", study.Sweep.Plan.Levels)} in virtual time");
        configuration["concurrency_plan"] = study.Sweep.Plan.ToString();
        var document = VirtualPrediction.Sweep(profile, study.Sweep.Plan.Levels, workload, seed, study.Sweep.Analysis, configuration, startedAt, cancellationToken).Document;
        SweepRunner.WriteFiles(Path.Combine(directory, target.SweepDirectory), document);
        foreach (var level in document.Levels)
        {
            context.Error.WriteLine(SweepPrinter.LevelLine(level));
        }
        var predicted = new StudyTargetResult(target.Name, document.Model, StudyTargetMode.Simulated, target.BaselineDirectory, target.SweepDirectory,
            baseline, document.Analysis);
        return (predicted, new ModelSweep(predicted.Label, document.Levels, document.Analysis));
    }

    private static StudyTargetResult Failed(StudyTarget target, string error, string? model = null) =>
        new(target.Name, model ?? target.Model, target.Mode, target.BaselineDirectory, target.SweepDirectory, null, null, error);

    private static string Describe(StudyTarget target) => target switch
    {
        { Mode: StudyTargetMode.Simulated } => $"simulator profile {target.Simulator!.Name}, predicted in virtual time",
        { Simulator: { } profile } => $"embedded simulator, profile {profile.Name}, measured in real time" + (target.Models is { } mix ? $", models {mix}" : ""),
        _ => $"{target.BaseUrl!.GetLeftPart(UriPartial.Path)}" + (target.ModelText is { } model ? $", model {model}" : ""),
    };
}
