using LlmLoad.Cli.Commands;
using LlmLoad.Cli.Tests.Support;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// The multi-turn and prefix-group flags with bad values: one exact line on stderr, exit code 2, nothing sent
/// (the base URL is a closed port, so a value that wrongly passed would exit with 3).
/// </summary>
public sealed class SessionFlagsValidationTests : IDisposable
{
    private const string NoServer = "http://127.0.0.1:1";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"llmload-session-flags-{Guid.NewGuid():N}");

    public SessionFlagsValidationTests() => Directory.CreateDirectory(_dir);

    private string OutputDir => Path.Combine(_dir, "out");

    public static TheoryData<string[], string> InvalidFlags => new()
    {
        { ["--multi-turn", "--think-time", "3x"], "--think-time \"3x\" must be a duration (2s, 500ms), uniform:MIN:MAX, exponential:MEAN or lognormal:MEAN:SIGMA (e.g. exponential:3s)." },
        { ["--think-time", "2s"], "--think-time applies to sessions only; add --multi-turn or remove it." },
        { ["--num-sessions", "5"], "--num-sessions applies to sessions only; add --multi-turn or remove it." },
        { ["--max-context-tokens", "4096"], "--max-context-tokens applies to sessions only; add --multi-turn or remove it." },
        { ["--multi-turn", "--num-sessions", "0"], "--num-sessions \"0\" must be a whole number of at least 1." },
        { ["--multi-turn", "--num-sessions", "5", "--num-requests", "50"], "--num-sessions and --num-requests both end the run; give one of them." },
        { ["--multi-turn", "--num-sessions", "5", "--duration", "10s"], "--num-sessions and --duration both end the run; give one of them." },
        { ["--multi-turn", "--max-context-tokens", "0"], "--max-context-tokens \"0\" must be a whole number of at least 1." },
        { ["--multi-turn", "--turns", "none"], "--turns \"none\" must be N, MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (user turns per session, e.g. 4 or 2:6)." },
        { ["--turns", "4"], "--turns \"4\" needs --multi-turn." },
        { ["--multi-turn", "--history", "mine"], "--history \"mine\" must be server (send back the server's replies) or dataset (send the dataset's replies)." },
        { ["--prefix-groups", "0"], "--prefix-groups \"0\" must be a whole number of at least 1." },
        { ["--prefix-groups", "8"], "--prefix-groups \"8\" needs --prefix-tokens: give the prefixes a length, e.g. --prefix-tokens 1000." },
        { ["--prefix-tokens", "100", "--prefix-assignment", "zipf:-1"], "--prefix-assignment \"zipf:-1\" must be uniform or zipf:S with S from 0 to 10 (e.g. zipf:1.1)." },
    };

    [Theory]
    [MemberData(nameof(InvalidFlags))]
    public async Task A_bad_session_flag_is_one_line_and_exit_code_2(string[] flags, string expectedLine)
    {
        var run = await CliRun.InvokeAsync(["run", "--base-url", NoServer, "--output-dir", OutputDir, .. flags]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: " + expectedLine], run.ErrorLines);
    }

    [Fact]
    public async Task A_sweep_refuses_a_bad_think_time_the_same_way()
    {
        var run = await CliRun.InvokeAsync("sweep", "--base-url", NoServer, "--output-dir", OutputDir, "--multi-turn", "--think-time", "uniform:3s:1s");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: --think-time \"uniform:3s:1s\" must be a duration (2s, 500ms), uniform:MIN:MAX, exponential:MEAN or lognormal:MEAN:SIGMA (e.g. exponential:3s)."], run.ErrorLines);
    }

    [Fact]
    public async Task A_session_dataset_with_no_usable_session_is_one_line_naming_the_file_and_exit_code_2()
    {
        var path = Path.Combine(_dir, "replies-only.json");
        await File.WriteAllTextAsync(path, """[{"conversations": [{"from": "gpt", "value": "x"}]}]""", TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("run", "--base-url", NoServer, "--output-dir", OutputDir, "--multi-turn", "--dataset", $"sharegpt:{path}");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([$"error: {path}: no usable session: none of its 1 conversations has a usable user turn."], run.ErrorLines);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
