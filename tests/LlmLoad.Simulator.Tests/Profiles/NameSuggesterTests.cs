using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Profiles;

public sealed class NameSuggesterTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("tau_c_us", "tau_c_us", 0)]
    public void Distance_counts_insertions_deletions_and_substitutions(string a, string b, int expected)
    {
        var distance = NameSuggester.Distance(a, b);

        Assert.Equal(expected, distance);
    }

    [Fact]
    public void A_name_far_from_every_candidate_gets_no_suggestion()
    {
        var suggestion = NameSuggester.Suggest("zzzzzz", ["gpt-oss-20b", "tiny"]);

        Assert.Null(suggestion);
    }

    [Fact]
    public void A_fragment_of_a_candidate_suggests_it()
    {
        var suggestion = NameSuggester.Suggest("scout", ["gpt-oss-20b", "llama-4-scout-4gpu"]);

        Assert.Equal("llama-4-scout-4gpu", suggestion);
    }

    [Fact]
    public void A_distant_name_of_a_family_with_one_member_suggests_that_member()
    {
        Assert.Equal("llama-4-scout-4gpu", NameSuggester.Suggest("llama-3.1-8b-instruct", ["gpt-oss-20b", "llama-4-scout-4gpu"]));
        // two of the family: no guess
        Assert.Null(NameSuggester.Suggest("llama-3.1-8b-instruct", ["llama-4-scout-4gpu", "llama-4-maverick"]));
    }
}
