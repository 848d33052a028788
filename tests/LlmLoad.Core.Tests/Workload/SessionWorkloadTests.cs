using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class SessionWorkloadTests
{
    private static WorkloadOptions Synthetic(string turns = "3") =>
        new() { MultiTurn = true, Turns = turns, InputTokens = "fixed:10", OutputTokens = "7", Seed = 5 };

    [Fact]
    public void Synthetic_sessions_have_the_drawn_turns_of_exact_lengths_and_the_same_seed_gives_the_same_sessions()
    {
        var options = Synthetic("2:4");

        var workload = SessionWorkloadFactory.Build(options, 50);
        var again = SessionWorkloadFactory.Build(options, 50);

        Assert.Equal(50, workload.Sessions.Count);
        Assert.All(workload.Sessions, s => Assert.InRange(s.Turns.Count, 2, 4));
        Assert.Equal([2, 3, 4], workload.Sessions.Select(s => s.Turns.Count).Distinct().Order());
        Assert.All(workload.Sessions.SelectMany(s => s.Turns), t => Assert.Equal((10, 7, null), (workload.Tokenizer.CountTokens(t.User), t.MaxOutputTokens, t.DatasetReply)));
        Assert.Equal(workload.Sessions.SelectMany(s => s.Turns.Select(t => t.User)), again.Sessions.SelectMany(s => s.Turns.Select(t => t.User)));
        Assert.Equal(HistoryMode.Server, workload.History);
    }

    [Fact]
    public void Synthetic_sessions_with_dataset_history_get_a_reply_of_max_tokens_for_every_turn_but_the_last()
    {
        var workload = SessionWorkloadFactory.Build(Synthetic() with { History = "dataset" }, 5);

        Assert.All(workload.Sessions, s =>
        {
            Assert.All(s.Turns.SkipLast(1), t => Assert.Equal((7, 7), (workload.Tokenizer.CountTokens(t.DatasetReply!), t.DatasetReplyTokens!.Value)));
            Assert.Null(s.Turns[^1].DatasetReply);
        });
    }

    [Theory]
    [InlineData("uniform", new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData("zipf:1", new[] { 0.48, 0.24, 0.16, 0.12 })]
    public void Prefix_groups_give_exactly_G_distinct_prefixes_in_the_assigned_proportions(string assignment, double[] expected)
    {
        var options = Synthetic("1") with { PrefixTokens = 16, PrefixGroups = 4, PrefixAssignment = assignment, InputTokens = "fixed:1" };

        var workload = SessionWorkloadFactory.Build(options, 4000);

        var prefixes = workload.Sessions.Select(s => s.SystemPrompt!).ToArray();
        Assert.Equal(4, prefixes.Distinct().Count());
        Assert.All(prefixes.Distinct(), p => Assert.Equal(16, workload.Tokenizer.CountTokens(p)));
        var groups = workload.Sessions.Select(s => s.PrefixGroup!.Value).ToArray();
        for (var g = 0; g < 4; g++)
        {
            // 4000 draws: the standard error of a share near 0.25 is under 0.007
            Assert.InRange(groups.Count(x => x == g) / 4000.0, expected[g] - 0.03, expected[g] + 0.03);
        }
        // each group always has the same prefix
        Assert.All(workload.Sessions.GroupBy(s => s.PrefixGroup), g => Assert.Single(g.Select(s => s.SystemPrompt).Distinct()));
    }

    [Fact]
    public void Single_turn_prompts_use_the_prefix_groups_too_sent_as_a_system_message_in_chat()
    {
        var options = new WorkloadOptions { InputTokens = "fixed:5", PrefixTokens = 12, PrefixGroups = 3, Seed = 1 };

        var workload = WorkloadFactory.Build(options, 300);

        var systems = workload.Items.Select(i => i.Messages![0]).ToArray();
        Assert.All(systems, m => Assert.Equal("system", m.Role));
        Assert.Equal(3, systems.Select(m => m.Content).Distinct().Count());
        Assert.All(workload.Items, i => Assert.Equal(i.Prompt, i.Messages![0].Content + i.Messages[1].Content));
        Assert.All(workload.Items, i => Assert.Equal(17, i.PromptTokens));
        Assert.Contains("after one of 3 distinct 12-token prefixes (uniform)", workload.Description);
    }

    [Fact]
    public void ShareGpt_conversations_become_whole_sessions_and_odd_ones_are_repaired_and_counted()
    {
        using var file = TestFiles.Write("odd.json", """
            [
              {"id": "ok", "conversations": [{"from": "human", "value": "q1"}, {"from": "gpt", "value": "a1"}, {"from": "human", "value": "q2"}, {"from": "gpt", "value": "a2"}]},
              {"id": "starts-with-gpt", "conversations": [{"from": "gpt", "value": "hi"}, {"from": "human", "value": "r1"}]},
              {"id": "no-user", "conversations": [{"from": "gpt", "value": "alone"}]},
              {"id": "empty-and-repeated", "conversations": [{"from": "human", "value": ""}, {"from": "human", "value": "s1"}, {"from": "human", "value": "s2"}, {"from": "gpt", "value": 3}]},
              {"id": "empty", "conversations": []}
            ]
            """);
        var options = new WorkloadOptions { Dataset = $"sharegpt:{file.Path}", MultiTurn = true, OutputTokens = "9" };

        var workload = SessionWorkloadFactory.Build(options, 3);

        var users = workload.Sessions.Select(s => string.Join("|", s.Turns.Select(t => t.User))).Order();
        Assert.Equal(["q1|q2", "r1", "s1\n\ns2"], users);
        Assert.Equal(
            $"{file.Path}: of 5 conversations, 2 had no user turn and were skipped; 2 replies before the first user turn were dropped; 1 empty turns were dropped; 1 turns repeating the previous role were merged into it; 1 turns of other roles or shapes were skipped (docs/sessions.md).",
            Assert.Single(workload.Warnings));
    }

    [Fact]
    public void A_ShareGPT_file_with_no_usable_session_is_one_line_naming_the_file_and_why()
    {
        using var file = TestFiles.Write("none.json", """[{"conversations": [{"from": "gpt", "value": "x"}]}, {"conversations": []}]""");
        var options = new WorkloadOptions { Dataset = $"sharegpt:{file.Path}", MultiTurn = true };

        var error = Assert.Throws<WorkloadException>(() => SessionWorkloadFactory.Build(options, 10));

        Assert.Equal($"{file.Path}: no usable session: none of its 2 conversations has a usable user turn.", error.Message);
    }

    [Fact]
    public void Jsonl_messages_lines_are_sessions_and_session_id_lines_are_grouped_in_file_order()
    {
        using var file = TestFiles.Write("sessions.jsonl", """
            {"session_id": "a", "prompt": "a1", "output_tokens": 4}
            {"messages": [{"role": "system", "content": "sys"}, {"role": "user", "content": "m1"}, {"role": "assistant", "content": "r1"}, {"role": "user", "content": "m2"}, {"role": "assistant", "content": "r2"}]}
            {"session_id": 7, "prompt": "b1"}
            {"session_id": "a", "prompt": "a2", "output_tokens": 6}
            {"session_id": 7, "messages": [{"role": "assistant", "content": "rb"}, {"role": "user", "content": "b2"}], "output_tokens": 3}
            """);
        var options = new WorkloadOptions { Dataset = $"jsonl:{file.Path}", MultiTurn = true, OutputTokens = "dataset:50" };

        var workload = SessionWorkloadFactory.Build(options, 3);

        Assert.Equal(["a1|a2", "m1|m2", "b1|b2"], workload.Sessions.Select(s => string.Join("|", s.Turns.Select(t => t.User))));
        Assert.Equal("sys", workload.Sessions[1].SystemPrompt);
        Assert.Equal([4, 6], workload.Sessions[0].Turns.Select(t => t.MaxOutputTokens));
        // no output_tokens: the dataset reply's length sizes max_tokens
        Assert.Equal([workload.Tokenizer.CountTokens("r1"), workload.Tokenizer.CountTokens("r2")], workload.Sessions[1].Turns.Select(t => t.MaxOutputTokens));
        Assert.Equal([workload.Tokenizer.CountTokens("rb"), 3], workload.Sessions[2].Turns.Select(t => t.MaxOutputTokens));
        Assert.Empty(workload.Warnings);
    }

    [Fact]
    public void Dataset_history_ends_a_jsonl_session_at_a_turn_with_no_reply_to_send_back()
    {
        using var file = TestFiles.Write("prompts.jsonl", """
            {"session_id": "a", "prompt": "a1"}
            {"session_id": "a", "prompt": "a2"}
            {"session_id": "a", "prompt": "a3"}
            """);
        var options = new WorkloadOptions { Dataset = $"jsonl:{file.Path}", MultiTurn = true, History = "dataset" };

        var workload = SessionWorkloadFactory.Build(options, 1);

        Assert.Equal(["a1"], workload.Sessions[0].Turns.Select(t => t.User));
        Assert.Contains("2 turns after a turn with no reply were dropped (--history dataset)", Assert.Single(workload.Warnings));
    }

    [Fact]
    public void An_empty_jsonl_session_file_is_one_line_naming_the_file()
    {
        using var file = TestFiles.Write("empty.jsonl", "\n");
        var options = new WorkloadOptions { Dataset = $"jsonl:{file.Path}", MultiTurn = true };

        var error = Assert.Throws<WorkloadException>(() => SessionWorkloadFactory.Build(options, 1));

        Assert.Equal($"{file.Path}: no usable session: the file has no lines.", error.Message);
    }

    [Fact]
    public void Session_flags_are_checked_with_every_problem_at_once()
    {
        var options = new WorkloadOptions { Turns = "3", History = "dataset", PrefixGroups = 4, PrefixAssignment = "zipf" };

        Assert.Equal(
        [
            "prefix_groups \"4\" needs prefix_tokens: give the prefixes a length, e.g. prefix_tokens 1000.",
            "prefix_assignment \"zipf\" must be uniform or zipf:S with S from 0 to 10 (e.g. zipf:1.1).",
            "turns \"3\" needs multi_turn.",
            "history \"dataset\" needs multi_turn.",
        ], options.Validate().Select(problem => problem.ToString()));
        Assert.Equal(
        [
            "history \"chat\" must be server (send back the server's replies) or dataset (send the dataset's replies).",
            "turns \"0\" must be N, MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (user turns per session, e.g. 4 or 2:6).",
        ], new WorkloadOptions { MultiTurn = true, History = "chat", Turns = "0" }.Validate().Select(problem => problem.ToString()));
        Assert.Equal(
            ["turns \"2\" applies only to dataset synthetic; a dataset's sessions have the turns of its conversations."],
            new WorkloadOptions { MultiTurn = true, Dataset = "jsonl:x.jsonl", Turns = "2" }.Validate().Select(problem => problem.ToString()));
        Assert.Equal(
            ["turns \"1:5000\" allows more than 1000 turns per session; use fewer."],
            new WorkloadOptions { MultiTurn = true, Turns = "1:5000" }.Validate().Select(problem => problem.ToString()));
    }
}
