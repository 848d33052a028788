using LlmLoad.Cli.Commands;
using LlmLoad.Cli.Tests.Support;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Every flag of <c>run</c> with a bad value: one exact line on stderr, exit code 2, nothing sent. The
/// base URL points at a closed port, so a value that wrongly passed would fail with exit code 3 instead.
/// </summary>
public sealed class RunValidationTests : IDisposable
{
    private const string NoServer = "http://127.0.0.1:1";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"llmload-validation-{Guid.NewGuid():N}");

    public RunValidationTests() => Directory.CreateDirectory(_dir);

    private string OutputDir => Path.Combine(_dir, "out");

    private async Task<CliRun> RunAsync(params string[] flags) =>
        await CliRun.InvokeAsync(["run", "--base-url", NoServer, "--output-dir", OutputDir, .. flags]);

    private static void AssertRefusedWith(CliRun run, string expectedLine)
    {
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: " + expectedLine], run.ErrorLines);
        Assert.Equal("", run.Out);
    }

    public static TheoryData<string[], string> InvalidFlags => new()
    {
        { ["--api", "foo"], "--api \"foo\" must be chat, completions, responses or messages." },
        { ["--model", ""], "--model is empty; name a model, or leave the flag out to use the first one GET /v1/models lists." },
        { ["--temperature", "-1"], "--temperature \"-1\" must be a number of at least 0." },
        { ["--temperature", "hot"], "--temperature \"hot\" must be a number of at least 0." },
        { ["--seed", "-1"], "--seed \"-1\" must be a whole number of at least 0." },
        { ["--dataset", "foo"], "--dataset \"foo\" must be synthetic, sharegpt:PATH, jsonl:PATH, mooncake:PATH or azure:PATH." },
        { ["--input-tokens", "abc"], "--input-tokens \"abc\" must be MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (token counts, e.g. 1:63 or normal:500:100)." },
        { ["--input-tokens", "10:5"], "--input-tokens \"10:5\" has MIN greater than MAX; expected MIN <= MAX (e.g. 5:10)." },
        { ["--output-tokens", "0"], "--output-tokens \"0\" must be at least 1 and at most 10000000 tokens." },
        { ["--output-tokens", "abc"], "--output-tokens \"abc\" must be N, dataset, dataset:CAP, MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (e.g. 100 or dataset:100)." },
        { ["--prefix-tokens", "-1"], "--prefix-tokens \"-1\" must be a whole number of at least 0." },
        { ["--tokenizer", "nope"], "--tokenizer \"nope\" is not a known tokenizer; expected o200k_base, o200k_harmony, cl100k_base or the path of a Hugging Face tokenizer.json." },
        { ["--concurrency", "0"], "--concurrency \"0\" must be a whole number of at least 1." },
        { ["--concurrency", "many"], "--concurrency \"many\" must be a whole number of at least 1." },
        { ["--rate", "0"], "--rate \"0\" must be a number greater than 0." },
        { ["--rate", "fast"], "--rate \"fast\" must be a number greater than 0." },
        { ["--arrival", "weird"], "--arrival \"weird\" must be poisson, constant or gamma:SHAPE (SHAPE > 0)." },
        { ["--arrival", "gamma:0"], "--arrival \"gamma:0\" must be poisson, constant or gamma:SHAPE (SHAPE > 0)." },
        { ["--num-requests", "0"], "--num-requests \"0\" must be a whole number of at least 1." },
        { ["--duration", "0"], "--duration \"0\" must be a positive duration such as 30s, 500ms, 5m or 1h." },
        { ["--duration", "soon"], "--duration \"soon\" must be a positive duration such as 30s, 500ms, 5m or 1h." },
        { ["--warmup", "-1"], "--warmup \"-1\" must be a whole number of at least 0." },
        { ["--ttft-timeout", "0"], "--ttft-timeout \"0\" must be a positive duration such as 30s, 500ms, 5m or 1h." },
        { ["--idle-timeout", "-5s"], "--idle-timeout \"-5s\" must be a positive duration such as 30s, 500ms, 5m or 1h." },
        { ["--timeout", "xyz"], "--timeout \"xyz\" must be a positive duration such as 30s, 500ms, 5m or 1h." },
        { ["--stop-grace", "0"], "--stop-grace \"0\" must be a positive duration such as 30s, 500ms, 5m or 1h." },
        { ["--header", "NoColon"], "--header must be \"Name: value\" (a header without a colon was given)." },
        { ["--header", "Bad Name: x"], "--header name \"Bad Name\" is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)." },
        { ["--header", "X-Team: a\r\nInjected: b"], "--header \"X-Team\" has a line break in its value; give the value on one line." },
        { ["--api-key-env", "sk-abc123"], "--api-key-env takes the NAME of an environment variable, not the key itself; run `export MY_KEY=...` and pass --api-key-env MY_KEY." },
        { ["--api-key-env", "LLMLOAD_TEST_UNSET_VARIABLE"], "--api-key-env \"LLMLOAD_TEST_UNSET_VARIABLE\": that environment variable is not set or empty." },
        { ["--api-key-file", "/nonexistent/llmload.key"], "--api-key-file \"/nonexistent/llmload.key\" does not exist." },
        { ["--api-key", "sk-live-0123456789"], ApiKeySource.LiteralKeyRefused },
        { ["--key=sk-live-0123456789"], ApiKeySource.LiteralKeyRefused },
        { ["--dataset", "jsonl:/nonexistent/prompts.jsonl"], "/nonexistent/prompts.jsonl: file not found." },
    };

    [Theory]
    [MemberData(nameof(InvalidFlags))]
    public async Task An_invalid_value_is_refused_with_one_exact_line(string[] flags, string expectedLine)
    {
        // when
        var run = await RunAsync(flags);

        // then
        AssertRefusedWith(run, expectedLine);
    }

    [Fact]
    public async Task A_literal_key_is_refused_without_being_echoed()
    {
        // when
        var run = await RunAsync("--api-key", "sk-live-0123456789");

        // then
        Assert.DoesNotContain("sk-live-0123456789", run.Error + run.Out);
    }

    [Fact]
    public async Task An_empty_jsonl_dataset_is_refused_with_what_a_line_should_hold()
    {
        // given
        var dataset = Path.Combine(_dir, "empty.jsonl");
        File.WriteAllText(dataset, "");

        // when
        var run = await RunAsync("--dataset", "jsonl:" + dataset);

        // then
        AssertRefusedWith(run, $"{dataset}: no prompts found; expected one JSON object per line with a \"prompt\" or \"messages\" field.");
    }

    [Fact]
    public async Task A_dataset_line_that_is_not_json_is_named_by_its_line_number()
    {
        // given
        var dataset = Path.Combine(_dir, "prompts.jsonl");
        File.WriteAllText(dataset, "{\"prompt\": \"fine\"}\nnot json at all\n");

        // when
        var run = await RunAsync("--dataset", "jsonl:" + dataset);

        // then
        AssertRefusedWith(run, $"{dataset} line 2: invalid JSON ('not json at all' is an invalid JSON literal. Expected the literal 'null'); expected an object with a \"prompt\" or \"messages\" field.");
    }

    [Fact]
    public async Task A_sharegpt_element_of_the_wrong_shape_is_named_by_its_index()
    {
        // given
        var dataset = Path.Combine(_dir, "sharegpt.json");
        File.WriteAllText(dataset, "[{\"conversations\": []}, 5]");

        // when
        var run = await RunAsync("--dataset", "sharegpt:" + dataset);

        // then
        AssertRefusedWith(run, $"{dataset} element 1: expected an object with a \"conversations\" array.");
    }

    [Fact]
    public async Task An_api_key_file_that_is_empty_or_a_directory_is_refused()
    {
        // given
        var empty = Path.Combine(_dir, "empty.key");
        File.WriteAllText(empty, "\n");

        // when
        var emptyRun = await RunAsync("--api-key-file", empty);
        var directoryRun = await RunAsync("--api-key-file", _dir);

        // then
        AssertRefusedWith(emptyRun, $"--api-key-file \"{empty}\" has no key on its first line.");
        AssertRefusedWith(directoryRun, $"--api-key-file \"{_dir}\" is a directory; name the file that holds the key.");
    }

    [Fact]
    public async Task A_key_from_both_a_variable_and_a_file_is_refused()
    {
        // given a readable key file and a variable that is always set
        var keyFile = Path.Combine(_dir, "api.key");
        File.WriteAllText(keyFile, "sk-from-file\n");

        // when
        var run = await RunAsync("--api-key-env", "PATH", "--api-key-file", keyFile);

        // then
        AssertRefusedWith(run, "--api-key-env and --api-key-file both name a key; give one of them.");
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_one_line_each()
    {
        // when
        var run = await RunAsync("--api", "foo", "--seed", "-1", "--stop-grace", "0", "--header", "NoColon", "--model", "");

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(5, run.ErrorLines.Length);
        Assert.All(run.ErrorLines, line => Assert.StartsWith("error: ", line));
    }

    [Fact]
    public async Task An_output_dir_that_is_a_file_is_refused()
    {
        // given
        var file = Path.Combine(_dir, "results.txt");
        File.WriteAllText(file, "not a directory");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", NoServer, "--output-dir", file);

        // then
        AssertRefusedWith(run, $"--output-dir \"{file}\" is a file; choose a directory.");
    }

    [Fact]
    public async Task An_unknown_simulator_profile_is_refused()
    {
        // when
        var run = await CliRun.InvokeAsync("run", "--sim-profile", "llama-8bb", "--output-dir", OutputDir);

        // then
        AssertRefusedWith(run, "--sim-profile: unknown profile \"llama-8bb\"; did you mean \"llama-4-scout-4gpu\"? Shipped profiles: gpt-oss-20b, gemma-3-27b, llama-4-scout-4gpu, tiny, instant; or give a path to a .json profile file.");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
