using System.Text.Json.Nodes;
using LlmLoad.Core.Running;

using LlmLoad.Core.Transport;
namespace LlmLoad.Cli.Study;

/// <summary>
/// A validated study file: its targets, the run settings they share (<see cref="Baseline"/>: endpoint
/// settings, workload and the baseline level's load) and the sweep. The base URLs and output directories
/// in the templates are placeholders; each target sets its own.
/// </summary>
internal sealed record StudyDefinition(
    string Name,
    IReadOnlyList<StudyTarget> Targets,
    RunOptions Baseline,
    SweepOptions Sweep)
{
    /// <summary>The study as written to study.json and the report: shared settings and each target, secrets left out.</summary>
    public JsonObject ToJson()
    {
        var shared = RunConfiguration.ToJson(Baseline, "");
        foreach (var perTarget in new[] { "base_url", "model", "api_key_env", "api_key", "headers", "concurrency", "request_rate", "arrival", "num_requests", "duration_s", "warmup_requests" })
        {
            shared.Remove(perTarget);
        }
        return new JsonObject
        {
            ["study"] = Name,
            ["targets"] = new JsonArray([.. Targets.Select(target => (JsonNode)new JsonObject
            {
                ["name"] = target.Name,
                ["mode"] = target.Mode == Core.Study.StudyTargetMode.Simulated ? "simulate" : "measure",
                ["sim_profile"] = target.Simulator?.Name,
                ["base_url"] = target.BaseUrl?.GetLeftPart(UriPartial.Path),
                ["model"] = target.ModelText,
                ["api_key_env"] = target.ApiKeyVariable,
                ["headers"] = new JsonObject(target.Headers.Select(header => SecretRedactor.Redact(header))
                    .Select(header => KeyValuePair.Create(header.Key, (JsonNode?)header.Value))),
            })]),
            ["workload"] = shared,
            ["baseline"] = new JsonObject
            {
                ["concurrency"] = Baseline.Load.Concurrency,
                ["num_requests"] = Baseline.Load.NumRequests,
                ["warmup"] = Baseline.Load.WarmupRequests,
                ["trace_speed"] = Baseline.Load.ReplayTraceTimes ? Baseline.Load.TraceSpeed : null,
            },
            ["sweep"] = new JsonObject
            {
                ["concurrency"] = Sweep.Plan.ToString(),
                ["requests_per_level"] = Sweep.RequestsPerLevel,
                ["level_duration_s"] = Sweep.DurationPerLevel?.TotalSeconds,
                ["repeats"] = Sweep.Repeats,
                ["warmup"] = Sweep.WarmupPerLevel,
                ["reset_cmd"] = Sweep.Reset?.Command,
                ["reset_url"] = Sweep.Reset?.Url?.ToString(),
                ["stop_after_breakpoint"] = Sweep.StopAfterBreakpoint,
                ["slo"] = Sweep.Analysis.Slo?.ToString(),
                ["goodput"] = Baseline.Goodput?.ToString(),
                ["attainment"] = Baseline.Goodput is null ? null : Sweep.Analysis.MinSloAttainment,
            },
        };
    }
}
