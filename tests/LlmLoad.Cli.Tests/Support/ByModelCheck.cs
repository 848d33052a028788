using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Cli.Tests.Support;

/// <summary>Checks a written <c>by_model</c> object (summary.json, or a sweep.json level) against the records it was computed from.</summary>
internal static class ByModelCheck
{
    /// <summary>Each model's every catalogue metric equals the summary of that model's records alone, run at <paramref name="concurrency"/>.</summary>
    public static void MatchesRecords(JsonObject byModel, IReadOnlyList<RequestRecord> records, int concurrency)
    {
        foreach (var (model, written) in byModel)
        {
            var recomputed = RunSummarizer.Summarize([.. records.Where(r => r.Model == model)], SummaryOptions.Default with { MaxConcurrency = concurrency });
            foreach (var metric in MetricCatalog.All)
            {
                var value = metric.ValueOf(recomputed);
                double? read = written![metric.Key] is JsonValue number ? number.GetValue<double>() : null;
                Assert.True(value is null ? read is null : read is { } r && Math.Abs(r - value.Value) <= 1e-9 * Math.Max(1, Math.Abs(value.Value)),
                    $"c={concurrency} {model} {metric.Key}: written {read}, recomputed {value}");
            }
        }
    }
}
