using System.Reflection;
using LlmLoad.Cli.Tests.Support;

namespace LlmLoad.Cli.Tests;

public sealed class ExitCodesTests
{
    private static IEnumerable<int> AllCodes() =>
        typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(int))
            .Select(field => (int)field.GetRawConstantValue()!);

    [Fact]
    public async Task Help_lists_every_exit_code()
    {
        // when
        var run = await CliRun.InvokeAsync("--help");

        // then
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes: 0 success, 1 internal error, 2 invalid input, 3 endpoint unusable at pre-flight, 4 SLO not met, 5 every request failed, 130 interrupted.", run.Out);
        Assert.All(AllCodes(), code => Assert.Contains($" {code} ", ExitCodes.HelpText));
    }

    [Fact]
    public void The_readme_lists_every_exit_code()
    {
        // given the README at the repository root, found from the test assembly's folder
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LlmLoad.slnx")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);

        // when
        var readme = File.ReadAllText(Path.Combine(directory.FullName, "README.md"));

        // then
        var section = readme[readme.IndexOf("## Exit codes", StringComparison.Ordinal)..];
        Assert.All(AllCodes(), code => Assert.Contains($"`{code}`", section));
    }
}
