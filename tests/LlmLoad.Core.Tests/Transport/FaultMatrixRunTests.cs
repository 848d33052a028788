using System.Text.Json;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Common;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>
/// A whole run against a server that plays every fault of <see cref="FaultMatrix"/> in turn: the run
/// goes on through all of them, and the summary counts each class exactly.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultMatrixRunTests : IDisposable
{
    private const int Rounds = 2;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-faults-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_run_through_every_fault_records_every_request_and_counts_each_class_exactly()
    {
        // given a server whose n-th measured request gets fault n mod the number of faults (the pre-flight always succeeds)
        var faults = FaultMatrix.All;
        var arrivals = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            if (body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal))
            {
                await FaultMatrix.Named("ok").Respond(context);
                return;
            }
            var n = Interlocked.Increment(ref arrivals) - 1;
            await faults[n % faults.Count].Respond(context);
        });
        var options = new RunOptions
        {
            Endpoint = FaultMatrix.WithTestTimeouts(new EndpointOptions { BaseUrl = server.BaseUrl }),
            Workload = new WorkloadOptions { InputTokens = "fixed:8", OutputTokens = "10" },
            Load = new LoadOptions { Concurrency = 8, NumRequests = Rounds * faults.Count },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then every request was sent once and recorded once, in spite of the faults
        Assert.Equal(Rounds * faults.Count, arrivals);
        var records = RecordReader.ReadFile(Path.Combine(_outputDir, SavedRun.RecordsFileName)).Records;
        Assert.Equal(Enumerable.Range(0, Rounds * faults.Count), records.Select(record => record.Index).Order());
        // and each class is counted exactly as the table says
        var expected = faults.Where(fault => fault.Expected != RequestOutcome.Ok)
            .GroupBy(fault => fault.Expected.ToName())
            .ToDictionary(group => group.Key, group => Rounds * group.Count());
        var counted = result.Summary.ErrorsByClass.ToDictionary(error => error.ClassName, error => error.Count);
        Assert.Equal(expected.OrderBy(pair => pair.Key), counted.OrderBy(pair => pair.Key));
        Assert.Equal(Rounds * faults.Count(fault => fault.Expected == RequestOutcome.Ok), result.Summary.Completed);
        Assert.Equal(0, result.Summary.Cancelled);
        // the http_status ones by status too: 429, 503, the in-stream code 500, and 200 for errors sent with a 200
        var byStatus = result.Summary.ErrorsByClassAndStatus.Where(error => error.Outcome == RequestOutcome.HttpStatus)
            .ToDictionary(error => error.HttpStatus!.Value, error => error.Count);
        Assert.Equal(new Dictionary<int, int> { [200] = 2 * Rounds, [429] = Rounds, [500] = Rounds, [503] = Rounds }, byStatus);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
        var errors = summary.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetInt32());
        Assert.Equal(expected.OrderBy(pair => pair.Key), errors.OrderBy(pair => pair.Key));
        Assert.All(records.Where(record => record.Outcome == RequestOutcome.HttpStatus && record.HttpStatus == 429),
            record => Assert.Equal(7, record.RetryAfterSeconds));
        // and one example message per class and status, for the ones a single fault produces
        var examples = summary.RootElement.GetProperty("error_examples").EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString());
        Assert.Equal(summary.RootElement.GetProperty("errors_by_status").EnumerateObject().Select(property => property.Name), examples.Keys);
        Assert.Equal("HTTP 429 Too Many Requests: {\"error\":{\"message\":\"rate limited\"}}", examples["http_status 429"]);
        Assert.Equal("HTTP 503 Service Unavailable: upstream overloaded", examples["http_status 503"]);
        Assert.Equal("error event in stream: engine died", examples["http_status 500"]);
        Assert.Equal("no first token within 1 s", examples["timeout_ttft 200"]);
        Assert.Equal("no data for 1 s", examples["timeout_idle 200"]);
        Assert.Equal("the request took longer than 2.5 s", examples["timeout_total 200"]);
        Assert.Equal("the response carried no text", examples["empty_output 200"]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
