using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class DatasetMixTests
{
    private static string JsonlSource => "jsonl:" + TestFiles.Data("prompts.jsonl");

    private static WorkloadOptions Mix(string mix, int seed = 5) => new() { DatasetMix = mix, Seed = seed };

    [Fact]
    public void Each_item_says_its_source_and_sources_share_out_by_weight()
    {
        // when
        var workload = WorkloadFactory.Build(Mix($"synthetic:3,{JsonlSource}:1"), 400);

        // then
        Assert.Equal(400, workload.Items.Count);
        Assert.All(workload.Items, item => Assert.Contains(item.Dataset, new[] { "synthetic", JsonlSource }));
        Assert.InRange(workload.Items.Count(item => item.Dataset == "synthetic"), 260, 340);
        Assert.StartsWith("mix of 75% synthetic prompts", workload.Description);
    }

    [Fact]
    public void The_same_seed_draws_the_same_sources_and_prompts()
    {
        // when
        var first = WorkloadFactory.Build(Mix($"synthetic,{JsonlSource}"), 50);
        var again = WorkloadFactory.Build(Mix($"synthetic,{JsonlSource}"), 50);
        var other = WorkloadFactory.Build(Mix($"synthetic,{JsonlSource}", seed: 6), 50);

        // then
        Assert.Equal(first.Items.Select(i => (i.Dataset, i.Prompt)), again.Items.Select(i => (i.Dataset, i.Prompt)));
        Assert.NotEqual(first.Items.Select(i => i.Dataset), other.Items.Select(i => i.Dataset));
    }

    [Fact]
    public void Each_source_is_validated_as_a_dataset_and_the_problem_names_the_source()
    {
        // when
        var problems = (Mix("synthetic:0.7,sharegpt:0.3") with { OutputTokens = "dataset" }).Validate();

        // then
        Assert.Contains(problems, p => p.Describe(field => "--" + field.Replace('_', '-')).StartsWith("--dataset-mix source \"synthetic\": --output-tokens \"dataset\" needs a dataset with reference replies", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Describe(field => "--" + field.Replace('_', '-')).StartsWith("--dataset-mix source \"sharegpt\": --dataset \"sharegpt\" needs a file path", StringComparison.Ordinal));
    }
}
