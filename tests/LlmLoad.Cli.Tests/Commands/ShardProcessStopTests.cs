using System.Text.Json;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>run --processes 2</c> stopped the ways a supervisor stops it: SIGTERM to the parent alone (not the terminal's
/// Ctrl-C, which reaches the whole process group) stops every child gracefully and merges their partial results; a parent
/// killed outright leaves no child sending, since each child stops when its stdin ends.
/// </summary>
public sealed class ShardProcessStopTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-shard-stop-{Guid.NewGuid():N}");

    private string ShardDirectory(int index) => Path.Combine(_outputDir, "shards", $"shard-{index}");

    /// <summary>Two shards of two users each against a server whose first 20 measured requests finish and whose next 4 hang, filling every slot.</summary>
    private async Task<(LlmloadProcess Parent, IAsyncDisposable Server)> StartHungRunAsync()
    {
        var allHanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await HangingServer.StartAsync(finished: 20, hanging: 4, allHanging);
        var parent = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--processes", "2", "--concurrency", "4",
            "--num-requests", "1000", "--stop-grace", "200ms", "--server-metrics", "off", "--output-dir", _outputDir);
        await allHanging.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        return (parent, server);
    }

    [Fact]
    public async Task A_sigterm_to_the_parent_alone_stops_every_shard_and_merges_their_partial_results()
    {
        // given
        var (parent, server) = await StartHungRunAsync();
        await using var _ = server;
        await using var __ = parent;

        // when
        parent.Signal("TERM");
        var exitCode = await parent.WaitForExitAsync(Patience);

        // then
        Assert.True(exitCode == 130, $"exit code {exitCode}: {parent.Error}");
        for (var index = 0; index < 2; index++)
        {
            var log = File.ReadAllText(ShardDirectory(index) + ".log");
            Assert.Contains("stopping: the llmload that started this shard stopped", log);
        }
        var records = RecordReader.ReadFile(Path.Combine(_outputDir, "requests.jsonl"));
        Assert.Empty(records.Warnings);
        Assert.Equal(20, records.Records.Count(record => record.Outcome == RequestOutcome.Ok));
        Assert.Equal(4, records.Records.Count(record => record.Outcome == RequestOutcome.Cancelled));
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_outputDir, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(20, summary.RootElement.GetProperty("completed").GetInt32());
        Assert.Contains("Merged 2 shards", parent.Out);
    }

    [Fact]
    public async Task Children_of_a_killed_parent_stop_gracefully_and_write_their_partial_results()
    {
        // given
        var (parent, server) = await StartHungRunAsync();
        await using var _ = server;
        await using var __ = parent;

        // when no handler of the parent runs
        parent.KillHard();
        await parent.WaitForExitAsync(Patience);

        // then each child, its stdin ended, stops as on Ctrl-C: its summary says interrupted, its hung requests cancelled
        var summaries = await Task.WhenAll(Enumerable.Range(0, 2).Select(index => WaitForSummaryAsync(ShardDirectory(index))));
        Assert.All(summaries, summary => Assert.True(summary.GetProperty("interrupted").GetBoolean()));
        Assert.Equal(4, summaries.Sum(summary => summary.GetProperty("cancelled").GetInt32()));
        Assert.Equal(20, summaries.Sum(summary => summary.GetProperty("completed").GetInt32()));
    }

    /// <summary>A file a process we no longer hold is writing: a poll, because there is no event to wait on across processes.</summary>
    private static async Task<JsonElement> WaitForSummaryAsync(string directory)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Patience);
        var path = Path.Combine(directory, SavedRun.SummaryFileName);
        while (true)
        {
            try
            {
                using var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(path, deadline.Token));
                return summary.RootElement.Clone();
            }
            catch (Exception exception) when (exception is JsonException or IOException)
            {
                // not there yet, or being written
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
