using LlmLoad.Cli.Study;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Issue 12: a study's <c>extra_body</c>, <c>dataset_mix</c>, trace options and a target's model mix read as
/// <c>--extra-body</c>, <c>--dataset-mix</c>, <c>--trace-*</c> and <c>--model a:3,b:1</c> do.
/// </summary>
public sealed class StudyRequestMixTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private (StudyDefinition? Study, IReadOnlyList<string> Problems) Read(string workload) =>
        ReadFile("targets:\n  - name: a\n    sim_profile: tiny\nworkload:\n" + workload);

    private (StudyDefinition? Study, IReadOnlyList<string> Problems) ReadFile(string yaml)
    {
        var path = _cli.Write("study.yaml", yaml);
        var problems = new StudyProblems(path);
        return (StudyFileReader.Read(path, problems), problems.Messages);
    }

    private string File => _cli.PathOf("study.yaml");

    private static string Mooncake => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "traces", "mooncake_small.jsonl"));

    [Fact]
    public void Extra_body_becomes_json_with_yaml_types_and_quoted_values_stay_text()
    {
        // when
        var (study, problems) = Read("""
              extra_body:
                top_k: 20
                min_p: 0.05
                chat_template_kwargs: {enable_thinking: false}
                stop: ["\n\n"]
                user: "42"
              dataset_mix: [synthetic:3, synthetic-again:1]
            """.Replace("synthetic-again", "jsonl:p.jsonl", StringComparison.Ordinal));

        // then
        Assert.Empty(problems);
        Assert.Equal("""{"top_k":20,"min_p":0.05,"chat_template_kwargs":{"enable_thinking":false},"stop":["\n\n"],"user":"42"}""",
            study!.Baseline.Endpoint.ExtraBody!.ToString());
        Assert.Equal("synthetic:3,jsonl:p.jsonl:1", study.Baseline.Workload.DatasetMix);
    }

    [Fact]
    public void An_extra_body_key_llmload_sets_is_refused_with_the_study_key_named()
    {
        // when
        var (study, problems) = Read("""
              extra_body:
                max_tokens: 5
            """);

        // then
        Assert.Null(study);
        Assert.Equal([$"{_cli.PathOf("study.yaml")} line 5: workload.extra_body sets \"max_tokens\", which llmload sets itself; drop it or pass workload.extra_body_override to send yours instead."], problems);
    }

    [Theory]
    [InlineData("\"base:3,sql-lora:1\"")]
    [InlineData("[base:3, sql-lora:1]")]
    public void A_targets_model_mix_is_read_as_the_model_flag_reads_it(string model)
    {
        // when
        var (study, problems) = ReadFile($"""
            targets:
              - name: remote
                base_url: http://127.0.0.1:8000
                model: {model}
              - name: sim
                sim_profile: tiny
                model: {model}
              - name: one
                base_url: http://127.0.0.1:8001
                model: llama3:8b
            """);

        // then
        Assert.Empty(problems);
        foreach (var target in study!.Targets.Take(2))
        {
            Assert.Equal("base", target.Model);
            Assert.Equal(new[] { ("base", 3.0), ("sql-lora", 1.0) }, target.Models!.Entries.Select(entry => (entry.Name, entry.Weight)));
            var endpoint = target.Apply(study.Baseline, new Uri("http://127.0.0.1:9/"), "out").Endpoint;
            Assert.Equal(target.Models, endpoint.Models);
        }
        Assert.Equal("llama3:8b", study.Targets[2].Model);
        Assert.Null(study.Targets[2].Models);
        Assert.Equal("base:3,sql-lora:1", study.ToJson()["targets"]![0]!["model"]!.GetValue<string>());
    }

    [Fact]
    public void A_bad_model_mix_or_one_model_for_the_simulator_is_one_line_naming_the_targets_key()
    {
        // when
        var (study, problems) = ReadFile("""
            targets:
              - name: remote
                base_url: http://127.0.0.1:8000
                model: "base:0,sql-lora"
              - name: sim
                sim_profile: tiny
                model: base
              - name: predicted
                sim_profile: tiny
                mode: simulate
                model: [base, sql-lora]
            """);

        // then
        Assert.Null(study);
        Assert.Equal(
        [
            $"{File} line 4: targets[remote].model \"base:0,sql-lora\": the weight of \"base\" must be a number above 0.",
            $"{File} line 7: targets[sim].model \"base\": the simulator serves its profile's model; drop it, or give a mix of two or more names (base:3,sql-lora:1) to serve and measure.",
            $"{File} line 11: targets[predicted].model \"base:1,sql-lora:1\": a model mix is measured over HTTP only; drop it or use mode: measure.",
        ], problems);
    }

    [Fact]
    public void Trace_options_make_the_baseline_a_replay_at_trace_times_and_leave_the_sweep_a_closed_loop()
    {
        // when
        var (study, problems) = Read($"""
              dataset: mooncake:{Mooncake}
              trace_window: 1s:3s
              trace_sort: true
              trace_speed: 2
            """);

        // then
        Assert.Empty(problems);
        var workload = study!.Baseline.Workload;
        Assert.Equal((TimeSpan.FromSeconds(1), (TimeSpan?)TimeSpan.FromSeconds(3), true), (workload.TraceWindow.Start, workload.TraceWindow.End, workload.TraceSort));
        Assert.Equal((true, true, 2.0), (study.Baseline.Load.ReplayTraceTimes, study.Baseline.Load.ReplayWholeTrace, study.Baseline.Load.TraceSpeed));
        Assert.False(study.Sweep.Template.Load.ReplayTraceTimes);
        Assert.Equal(workload, study.Sweep.Template.Workload);
    }

    [Fact]
    public void Trace_options_are_checked_as_their_flags_are_with_the_study_keys_named()
    {
        // when
        var (study, problems) = ReadFile("""
            targets:
              - name: a
                sim_profile: tiny
            workload:
              trace_window: soon
              trace_sort: true
              trace_speed: 0
            baseline:
              concurrency: 8
            """);

        // then
        Assert.Null(study);
        Assert.Equal(
        [
            $"{File} line 5: workload.trace_window \"soon\" must be START:END in seconds or with units, from the trace's start (e.g. 60:120, 1m:5m or 30s:).",
            $"{File} line 6: workload.trace_sort needs a timestamped dataset (mooncake:PATH, azure:PATH, or jsonl:PATH with \"timestamp\" fields); remove it.",
            $"{File} line 7: workload.trace_speed paces the baseline as a replay at the trace's times, which baseline.concurrency replaces; remove one or the other.",
            $"{File} line 7: workload.trace_speed needs a timestamped workload.dataset (mooncake:PATH, azure:PATH, or jsonl:PATH with \"timestamp\" fields); remove it.",
            $"{File} line 7: workload.trace_speed \"0\" must be a positive number (2 replays twice as fast).",
        ], problems);
    }

    public void Dispose() => _cli.Dispose();
}
