using LlmLoad.Cli.Commands;
using LlmLoad.Core.Load;
using LlmLoad.Core.Validation;

namespace LlmLoad.Cli.Tests.Commands;

public sealed class CliOptionNamesTests
{
    [Fact]
    public void Every_option_field_has_its_own_command_line_name()
    {
        // when
        var names = OptionField.All.Select(CliOptionNames.Flag).ToList();

        // then
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_core_problem_reads_with_the_flags_of_its_field_and_of_the_options_it_names()
    {
        // given
        var problems = new LoadOptions { NumSessions = 5, Duration = TimeSpan.FromSeconds(10) }.Validate();

        // then
        Assert.Equal(["--num-sessions and --duration both end the run; give one of them."], CliOptionNames.Describe(problems));
    }
}
