using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class SessionHistoryTests
{
    private static readonly SessionScript Script = new("sys", 3, [new SessionTurn("u1", 2, 10), new SessionTurn("u2", 4, 20)]);

    [Fact]
    public void A_chat_turn_sends_the_system_prompt_every_earlier_turn_and_its_reply_then_the_new_turn()
    {
        var history = new SessionHistory(Script, chat: true);

        var first = history.NextRequest();
        history.AddReply("r1", 5);
        var second = history.NextRequest();

        Assert.Equal([new ChatMessage("system", "sys"), new ChatMessage("user", "u1")], first.Messages);
        Assert.Equal((3 + 2, 10), (first.PromptTokens, first.MaxOutputTokens));
        Assert.Equal([new ChatMessage("system", "sys"), new ChatMessage("user", "u1"), new ChatMessage("assistant", "r1"), new ChatMessage("user", "u2")], second.Messages);
        Assert.Equal((3 + 2 + 5 + 4, 20), (second.PromptTokens, second.MaxOutputTokens));
        Assert.Equal("u2", second.Prompt);
    }

    [Fact]
    public void A_completions_turn_sends_the_same_texts_joined_by_blank_lines()
    {
        var history = new SessionHistory(Script, chat: false);

        history.NextRequest();
        history.AddReply("r1", 5);
        var second = history.NextRequest();

        Assert.Null(second.Messages);
        Assert.Equal("sys\n\nu1\n\nr1\n\nu2", second.Prompt);
        Assert.Equal(14, second.PromptTokens);
    }

    [Fact]
    public void The_history_is_done_after_the_last_reply()
    {
        var history = new SessionHistory(Script, chat: true);

        history.AddReply("r1", 1);
        Assert.False(history.IsDone);
        history.AddReply("r2", 1);

        Assert.True(history.IsDone);
    }
}
