using LlmLoad.Core.Running;

namespace LlmLoad.Core.Tests.Running;

public sealed class EndpointResetTests : IDisposable
{
    private readonly string _marker = Path.Combine(Path.GetTempPath(), $"llmload-reset-{Guid.NewGuid():N}");

    [Fact]
    public async Task Without_a_shell_a_semicolon_is_an_argument_and_the_second_command_never_runs()
    {
        // given
        var reset = new EndpointReset($"echo a; touch {_marker}", Url: null);
        using var client = new HttpClient();

        // when echo runs and prints its arguments, "a;", "touch" and the path among them
        await reset.RunAsync(client, TestContext.Current.CancellationToken);

        // then
        Assert.False(File.Exists(_marker));
    }

    [Fact]
    public async Task With_a_shell_asked_for_the_same_text_runs_both_commands()
    {
        // given the control case: the marker proves the text would have run both commands in a shell
        var reset = new EndpointReset($"echo a; touch {_marker}", Url: null, UseShell: true);
        using var client = new HttpClient();

        // when
        await reset.RunAsync(client, TestContext.Current.CancellationToken);

        // then
        Assert.True(File.Exists(_marker));
    }

    [Fact]
    public void Quotes_group_words_and_nothing_else_is_interpreted()
    {
        // when
        var start = EndpointReset.FromWords("curl -X POST 'http://h/reset?a=1&b=2' \"two words\" $HOME `id`");

        // then
        Assert.Equal("curl", start.FileName);
        Assert.Equal(["-X", "POST", "http://h/reset?a=1&b=2", "two words", "$HOME", "`id`"], start.ArgumentList);
    }

    public void Dispose() => File.Delete(_marker);
}
