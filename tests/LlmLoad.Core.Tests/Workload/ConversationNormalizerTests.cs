using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class ConversationNormalizerTests
{
    private static NormalizedConversation? Normalize(ConversationRepairs repairs, params (string Role, string? Content)[] turns) =>
        ConversationNormalizer.Normalize(turns.Select(t => new RawTurn(t.Role, t.Content)), repairs);

    [Fact]
    public void A_well_formed_conversation_keeps_its_user_turns_and_replies_in_order()
    {
        var repairs = new ConversationRepairs();

        var conversation = Normalize(repairs, ("system", "be brief"), ("human", "a"), ("gpt", "b"), ("human", "c"), ("gpt", "d"), ("human", "e"));

        Assert.NotNull(conversation);
        Assert.Equal("be brief", conversation.SystemPrompt);
        Assert.Equal([new Exchange("a", "b", null), new Exchange("c", "d", null), new Exchange("e", null, null)], conversation.Exchanges);
        Assert.Null(repairs.Describe("x.json"));
    }

    [Fact]
    public void Replies_before_the_first_user_turn_are_dropped_and_counted()
    {
        var repairs = new ConversationRepairs();

        var conversation = Normalize(repairs, ("gpt", "hello, how can I help?"), ("bing", "still me"), ("user", "a"), ("assistant", "b"));

        Assert.Equal([new Exchange("a", "b", null)], conversation!.Exchanges);
        Assert.Equal(2, repairs.LeadingRepliesDropped);
    }

    [Fact]
    public void Repeated_roles_are_merged_with_a_blank_line_so_roles_alternate()
    {
        var repairs = new ConversationRepairs();

        var conversation = Normalize(repairs, ("human", "a1"), ("human", "a2"), ("gpt", "b1"), ("chatgpt", "b2"), ("human", "c"));

        Assert.Equal([new Exchange("a1\n\na2", "b1\n\nb2", null), new Exchange("c", null, null)], conversation!.Exchanges);
        Assert.Equal(2, repairs.RepeatedRolesMerged);
    }

    [Fact]
    public void Empty_turns_other_roles_and_malformed_turns_are_skipped_and_counted()
    {
        var repairs = new ConversationRepairs();

        var conversation = Normalize(repairs, ("human", "  "), ("human", "a"), ("tool", "x"), ("gpt", null), ("gpt", ""), ("system", "late"), ("gpt", "b"));

        Assert.Equal([new Exchange("a", "b", null)], conversation!.Exchanges);
        Assert.Null(conversation.SystemPrompt);
        Assert.Equal(2, repairs.EmptyTurnsDropped);
        Assert.Equal(3, repairs.OtherTurnsSkipped);
    }

    [Fact]
    public void A_conversation_without_a_user_turn_is_no_session()
    {
        var repairs = new ConversationRepairs();

        Assert.Null(Normalize(repairs, ("gpt", "only me")));
        Assert.Null(Normalize(repairs));

        Assert.Equal(2, repairs.WithoutUserTurn);
        Assert.Equal("x.json: of 2 conversations, 2 had no user turn and were skipped; 1 replies before the first user turn were dropped (docs/sessions.md).", repairs.Describe("x.json"));
    }

    [Fact]
    public void A_session_id_prompt_line_is_a_turn_of_its_own_even_after_an_unanswered_user_turn()
    {
        var repairs = new ConversationRepairs();

        var conversation = ConversationNormalizer.Normalize([new RawTurn("user", "a", 7, StartsTurn: true), new RawTurn("user", "b", null, StartsTurn: true)], repairs);

        Assert.Equal([new Exchange("a", null, 7), new Exchange("b", null, null)], conversation!.Exchanges);
        Assert.Equal(0, repairs.RepeatedRolesMerged);
    }
}
