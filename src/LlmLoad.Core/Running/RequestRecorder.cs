using System.Collections.Concurrent;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Running;

/// <summary>
/// The send step of a run: one prepared request through the executor, its record written and kept for the summary,
/// progress counted. <see cref="LevelRunner"/> calls it for every request of a level, and the load-capacity
/// harness (bench/LlmLoad.LoadCapacity) calls the same one, so the harness measures what users run.
/// </summary>
public sealed class RequestRecorder(RequestExecutor executor, RecordWriter writer, RunProgress progress, CancellationToken inFlight)
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();

    /// <summary>Tells the writer a record is on its way (one delegate for the run, not one per request).</summary>
    public Action ExpectRecord { get; } = writer.ExpectRecord;

    public async Task SendAsync(PreparedRequest request, double scheduledAtMs)
    {
        progress.OnSent();
        var record = await executor.ExecuteAsync(request, scheduledAtMs, inFlight, ExpectRecord).ConfigureAwait(false);
        Keep(record);
        progress.OnFinished(record.IsSuccess, record.OutputTokens);
    }

    /// <summary>Writes a finished request's record and keeps it; the session player sends its turns itself and hands them here.</summary>
    public void Keep(RequestRecord record)
    {
        writer.Add(record);
        _records.Enqueue(record);
    }

    /// <summary>Every record kept so far, in request order.</summary>
    public RequestRecord[] RecordsByIndex() => _records.OrderBy(record => record.Index).ToArray();
}
