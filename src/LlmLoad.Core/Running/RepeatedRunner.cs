using System.Globalization;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Running;

/// <summary>
/// Runs one load level several times, as the study did: before each repeat the endpoint is reset if asked
/// (<see cref="EndpointReset"/>), then <see cref="LevelRunner"/> runs into <c>r1</c>, <c>r2</c>, ... under the
/// output directory; at the end summary.json there holds every repeat's scalars and the aggregate
/// (<see cref="RepeatedSummaryJsonWriter"/>). Ctrl-C ends the current repeat and skips the rest.
/// </summary>
public sealed class RepeatedRunner(TimeProvider timeProvider)
{
    /// <summary>Called before each repeat (from 1) with the counters it updates; what it returns is disposed when that repeat ends.</summary>
    public Func<int, RunProgress, IAsyncDisposable?>? RepeatStarting { get; init; }

    /// <summary>The sub-directory of repeat <paramref name="repeat"/> (from 1).</summary>
    public static string RepeatDirectory(int repeat) => "r" + repeat.ToString(CultureInfo.InvariantCulture);

    public async Task<RepeatedRunResult> RunAsync(RunOptions options, int repeats, EndpointReset? reset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 2);
        Directory.CreateDirectory(options.OutputDirectory);
        var startedAt = timeProvider.GetUtcNow();
        var runs = new List<RunResult>();
        using var resetClient = new HttpClient { Timeout = EndpointReset.Timeout };
        for (var repeat = 1; repeat <= repeats && !cancellationToken.IsCancellationRequested; repeat++)
        {
            if (reset is not null)
            {
                await reset.RunAsync(resetClient, cancellationToken).ConfigureAwait(false);
            }
            var progress = new RunProgress();
            await using (RepeatStarting?.Invoke(repeat, progress))
            {
                var repeatOptions = options with { OutputDirectory = Path.Combine(options.OutputDirectory, RepeatDirectory(repeat)) };
                runs.Add(await new LevelRunner(timeProvider).RunAsync(repeatOptions, progress, cancellationToken).ConfigureAwait(false));
            }
        }
        (string Directory, Metrics.RunSummary Summary)[] finished =
            [.. runs.Select((run, index) => (run, index)).Where(r => !r.run.Interrupted).Select(r => (RepeatDirectory(r.index + 1), r.run.Summary))];
        var configuration = RunConfiguration.ToJson(options, runs.Count > 0 ? runs[0].Model : options.Endpoint.Model ?? "");
        configuration["repeats"] = repeats;
        // whether, not how: a reset command line may carry a secret
        configuration["reset_before_each_repeat"] = reset is not null;
        await using (var summaryFile = File.Create(Path.Combine(options.OutputDirectory, SavedRun.SummaryFileName)))
        {
            RepeatedSummaryJsonWriter.Write(summaryFile, finished, configuration, ToolInfo.Version, startedAt, cancellationToken.IsCancellationRequested);
        }
        var aggregate = finished.Length == 0 ? null : new Metrics.RepeatAggregate([.. finished.Select(f => f.Summary)]);
        return new RepeatedRunResult(options.OutputDirectory, runs, aggregate, cancellationToken.IsCancellationRequested);
    }
}
