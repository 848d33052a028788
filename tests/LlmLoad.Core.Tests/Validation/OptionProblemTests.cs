using LlmLoad.Core.Load;
using LlmLoad.Core.Running;
using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Validation;

public sealed class OptionProblemTests
{
    private static string Upper(string field) => field.ToUpperInvariant();

    [Fact]
    public void A_load_problem_carries_its_field_and_value_and_no_front_ends_spelling()
    {
        // when
        var problems = new LoadOptions { Concurrency = 0 }.Validate();

        // then
        Assert.Equal([new OptionProblem(OptionField.Concurrency, "0", "must be at least 1.")], problems);
    }

    [Fact]
    public void A_workload_problem_names_the_other_option_it_needs_as_a_field()
    {
        // when
        var problem = Assert.Single(new WorkloadOptions { PrefixGroups = 8 }.Validate());

        // then
        Assert.Equal(OptionField.PrefixGroups, problem.Field);
        Assert.Equal("8", problem.Value);
        Assert.Equal("PREFIX_GROUPS \"8\" needs PREFIX_TOKENS: give the prefixes a length, e.g. PREFIX_TOKENS 1000.", problem.Describe(Upper));
    }

    [Fact]
    public void Without_a_value_the_message_follows_the_name_and_a_colon_follows_it_directly()
    {
        // given
        var both = new OptionProblem(OptionField.NumSessions, null, "and {duration} both end the run; give one of them.");
        var colon = new OptionProblem(OptionField.ResetCmd, null, ": program \"x\" not found.");

        // then
        Assert.Equal("NUM_SESSIONS and DURATION both end the run; give one of them.", both.Describe(Upper));
        Assert.Equal("RESET_CMD: program \"x\" not found.", colon.Describe(Upper));
    }

    [Fact]
    public void Braces_around_anything_but_a_field_stay_as_written()
    {
        // given a URL with a template in it, quoted in a message
        var problem = new OptionProblem(OptionField.ResetUrl, null, "http://h/{id}/{warmup} answered HTTP 500.");

        // then
        Assert.Equal("RESET_URL http://h/{id}/WARMUP answered HTTP 500.", problem.Describe(Upper));
    }

    [Fact]
    public void All_lists_every_field_in_snake_case()
    {
        Assert.All(OptionField.All, field => Assert.Matches("^[a-z]+(_[a-z]+)*$", field));
        Assert.Contains(OptionField.Concurrency, (IReadOnlySet<string>)OptionField.All);
        Assert.Contains(OptionField.ScrapeInterval, (IReadOnlySet<string>)OptionField.All);
    }

    [Fact]
    public async Task A_reset_command_that_fails_throws_a_reset_exception_naming_its_field()
    {
        // given
        var reset = new EndpointReset("false", Url: null);
        using var client = new HttpClient();

        // when
        var exception = await Assert.ThrowsAsync<EndpointResetException>(() => reset.RunAsync(client, TestContext.Current.CancellationToken));

        // then
        Assert.Equal(new OptionProblem(OptionField.ResetCmd, "false", "exited with code 1."), exception.Problem);
    }
}
