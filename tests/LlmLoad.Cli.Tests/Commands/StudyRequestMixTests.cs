using LlmLoad.Cli.Study;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Issue 12: a study's <c>extra_body</c> and <c>dataset_mix</c> read as <c>--extra-body</c> and <c>--dataset-mix</c> do.</summary>
public sealed class StudyRequestMixTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private (StudyDefinition? Study, IReadOnlyList<string> Problems) Read(string workload)
    {
        var path = _cli.Write("study.yaml", "targets:\n  - name: a\n    sim_profile: tiny\nworkload:\n" + workload);
        var problems = new StudyProblems(path);
        return (StudyFileReader.Read(path, problems), problems.Messages);
    }

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

    public void Dispose() => _cli.Dispose();
}
