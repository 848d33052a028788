using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting.Html;
using TestRecords = LlmLoad.Core.Tests.Metrics.Records;

namespace LlmLoad.Core.Tests.Reporting;

/// <summary>
/// A made-up run for the run report's tests: 60 requests over about 6 s from 4 users, TTFT growing from 100 to
/// 395 ms, 8 tokens each 20 ms apart, every tenth request a 503, one warm-up request; SLOs and the client's health set.
/// </summary>
internal static class RunData
{
    public static IReadOnlyList<RequestRecord> Records { get; } = Build();

    public static RunSummary Summary { get; } = RunSummarizer.Summarize(Records, new SummaryOptions
    {
        MaxConcurrency = 4,
        Slo = RequestSlo.TryParse("ttft<=300,tpot<=50", out RequestSlo? slo, out _) ? slo : throw new InvalidOperationException("bad test SLO"),
    });

    public static ClientHealth Health { get; } = new(0.31, 0.42, 1.5, 4.25, null, GcPauseFraction: 0.002);

    public static RunReportInput Input() => new()
    {
        Title = "llmload run: llama-8b",
        Label = "llama-8b",
        Summary = Summary,
        ClientHealth = Health,
        Configuration = new JsonObject { ["model"] = "llama-8b", ["concurrency"] = 4 },
        ToolVersion = "0.1.0-test",
        StartedAt = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero),
    };

    private static List<RequestRecord> Build()
    {
        var records = new List<RequestRecord> { TestRecords.Ok(-500, TestRecords.Chunks(-400, 20, 8), 8, index: -1) with { Warmup = true } };
        for (int i = 0; i < 60; i++)
        {
            double sentMs = i / 4 * 400.0;
            records.Add(i % 10 == 9
                ? TestRecords.Failed(sentMs, sentMs + 50, RequestOutcome.HttpStatus, 503, index: i) with { ErrorMessage = "HTTP 503: overloaded" }
                : TestRecords.Ok(sentMs, TestRecords.Chunks(sentMs + 100 + i * 5, 20, 8), 8, index: i));
        }
        return records;
    }
}
