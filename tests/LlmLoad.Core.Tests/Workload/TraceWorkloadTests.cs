using System.Text.Json;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

/// <summary>Uses examples/traces (written by us in the Mooncake and Azure formats).</summary>
public sealed class TraceWorkloadTests
{
    private static string Mooncake => TestFiles.Example("traces/mooncake_small.jsonl");

    private static string Azure => TestFiles.Example("traces/azure_small.csv");

    [Fact]
    public void Mooncake_prompts_count_exactly_their_input_length_and_ask_for_their_output_length()
    {
        var trace = File.ReadLines(Mooncake).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();

        var workload = WorkloadFactory.Build(new WorkloadOptions { Dataset = "mooncake:" + Mooncake }, 1000);

        // the trace has 200 requests: none repeated to make the 1000 asked for
        Assert.Equal(trace.Length, workload.Items.Count);
        Assert.Equal(trace.Select(t => t.GetProperty("input_length").GetInt32()), workload.Items.Select(i => workload.Tokenizer.CountTokens(i.Prompt)));
        Assert.Equal(trace.Select(t => t.GetProperty("input_length").GetInt32()), workload.Items.Select(i => i.PromptTokens));
        Assert.Equal(trace.Select(t => t.GetProperty("output_length").GetInt32()), workload.Items.Select(i => i.MaxOutputTokens));
        Assert.Equal(trace.Select(t => t.GetProperty("timestamp").GetDouble()), workload.ArrivalOffsetsMs!);
        Assert.Empty(workload.Warnings);
        Assert.StartsWith($"Mooncake trace {Mooncake}: 200 requests over 4.268 s, prompts from 512-token blocks by hash id", workload.Description);
    }

    [Fact]
    public void The_same_seed_writes_the_same_prompts_and_another_seed_other_ones()
    {
        var options = new WorkloadOptions { Dataset = "mooncake:" + Mooncake };

        var first = WorkloadFactory.Build(options, 5).Items.Select(i => i.Prompt);
        var again = WorkloadFactory.Build(options, 5).Items.Select(i => i.Prompt);
        var other = WorkloadFactory.Build(options with { Seed = 1 }, 5).Items.Select(i => i.Prompt);

        Assert.Equal(first, again);
        Assert.All(first.Zip(other), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void A_block_is_the_same_text_wherever_its_id_appears_and_the_count_caps_the_trace()
    {
        // lines 1 and 2 of the fixture share hash id 0 and nothing else
        var workload = WorkloadFactory.Build(new WorkloadOptions { Dataset = "mooncake:" + Mooncake }, 2);
        var tokens = workload.Items.Select(i => workload.Tokenizer.EncodeToIds(i.Prompt).ToArray()).ToArray();

        Assert.Equal(2, workload.Items.Count);
        Assert.Equal(tokens[0][..512], tokens[1][..512]);
        Assert.NotEqual(tokens[0][512..1024], tokens[1][512..1024]);
    }

    [Fact]
    public void Azure_requests_get_their_lengths_and_times_and_an_output_cap_applies()
    {
        var lines = File.ReadLines(Azure).Skip(1).Select(line => line.Split(',')).ToArray();

        var workload = WorkloadFactory.Build(new WorkloadOptions { Dataset = "azure:" + Azure, OutputTokens = "dataset:50" }, 1000);

        Assert.Equal(lines.Length, workload.Items.Count);
        Assert.Equal(lines.Select(l => int.Parse(l[1], System.Globalization.CultureInfo.InvariantCulture)), workload.Items.Select(i => i.PromptTokens));
        Assert.Equal(lines.Select(l => Math.Min(50, int.Parse(l[2], System.Globalization.CultureInfo.InvariantCulture))), workload.Items.Select(i => i.MaxOutputTokens));
        Assert.Equal(0, workload.ArrivalOffsetsMs![0]);
        Assert.Equal(51.3103, workload.ArrivalOffsetsMs[1], 1e-9);
        // Azure requests share nothing: no two prompts start alike
        Assert.Equal(workload.Items.Count, workload.Items.Select(i => i.Prompt[..20]).Distinct().Count());
    }

    [Fact]
    public void Jsonl_lines_with_timestamps_are_replayed_in_time_order_inside_the_window()
    {
        using var file = TestFiles.Write("timed.jsonl", "{\"prompt\": \"a\", \"timestamp\": 0}\n{\"prompt\": \"b\", \"timestamp\": 1500}\n{\"prompt\": \"c\", \"timestamp\": 1200}\n{\"prompt\": \"d\", \"timestamp\": 3000}\n");
        var options = new WorkloadOptions { Dataset = "jsonl:" + file.Path, TraceSort = true, TraceWindow = new TraceWindow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)) };

        var workload = WorkloadFactory.Build(options, 100);

        Assert.Equal(["c", "b"], workload.Items.Select(i => i.Prompt));
        Assert.Equal([200.0, 500], workload.ArrivalOffsetsMs!);
    }

    [Fact]
    public void A_jsonl_line_without_a_timestamp_among_timed_ones_is_named()
    {
        using var file = TestFiles.Write("timed.jsonl", "{\"prompt\": \"a\", \"timestamp\": 0}\n{\"prompt\": \"b\"}\n");

        var error = Assert.Throws<WorkloadException>(() => WorkloadFactory.Build(new WorkloadOptions { Dataset = "jsonl:" + file.Path }, 10));

        Assert.StartsWith($"{file.Path} line 2: missing \"timestamp\"", error.Message);
    }

    [Theory]
    [InlineData("synthetic", false, "--trace-sort needs a timestamped dataset")]
    [InlineData("mooncake:t.jsonl", true, "--multi-turn needs conversations")]
    public void Trace_options_that_cannot_apply_are_refused(string dataset, bool multiTurn, string expected)
    {
        var problems = new WorkloadOptions { Dataset = dataset, TraceSort = !multiTurn, MultiTurn = multiTurn }.Validate();

        Assert.Contains(problems, p => p.Describe(field => "--" + field.Replace('_', '-')).StartsWith(expected, StringComparison.Ordinal));
    }
}
