namespace LlmLoad.Cli.Tests.Commands;

public sealed class StudyFileTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private async Task<(int ExitCode, string Out, string[] Errors)> StudyAsync(string yaml)
    {
        var path = _cli.Write("study.yaml", yaml);
        var (exitCode, output, error) = await CliHarness.RunAsync("study", path, "--output-dir", _cli.PathOf("out"));
        return (exitCode, output, CliHarness.Lines(error));
    }

    private string File => _cli.PathOf("study.yaml");

    [Fact]
    public async Task A_misspelt_key_is_named_with_its_file_line_and_section_and_the_key_meant()
    {
        // when
        var (exitCode, output, errors) = await StudyAsync("""
            targets:
              - name: a
                sim_profile: tiny
            sweep:
              concurency: 2,8
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("", output);
        Assert.Equal([$"error: {File} line 5: unknown key \"concurency\" in sweep; did you mean \"concurrency\"?"], errors);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }

    [Fact]
    public async Task A_reset_command_that_does_not_exist_is_refused_before_anything_runs()
    {
        // when
        var (exitCode, _, errors) = await StudyAsync("""
            targets:
              - name: a
                sim_profile: tiny
            sweep:
              concurrency: 2
              reset_cmd: /nonexistent/reset --now
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        var error = Assert.Single(errors);
        Assert.StartsWith($"error: {File} line 6: ", error);
        Assert.Contains("program \"/nonexistent/reset\" not found; give its full path or a program on PATH", error);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }

    [Fact]
    public async Task Every_problem_of_the_file_is_reported_at_once_in_line_order()
    {
        // when
        var (exitCode, _, errors) = await StudyAsync("""
            name: broken
            targets:
              - name: a
                sim_profile: tinyy
              - name: b
                base_url: ftp://x
                mode: simulate
              - sim_profile: tiny
              - name: a
                sim_profile: tiny
                model: x
              - name: c
            workload:
              input_tokens: abc
            baseline:
              concurrency: 0
            sweep:
              concurrency: 8..2
              repeats: two
            extra: 1
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(
        [
            $"error: {File} line 4: targets[a].sim_profile: unknown profile \"tinyy\"; did you mean \"tiny\"? Shipped profiles: gpt-oss-20b, gemma-3-27b, llama-4-scout-4gpu, tiny, instant; or give a path to a .json profile file.",
            $"error: {File} line 6: targets[b].base_url \"ftp://x\" must be an http:// or https:// URL with a host, e.g. http://localhost:8000.",
            $"error: {File} line 7: targets[b].mode \"simulate\" needs sim_profile: only a simulator profile can be predicted in virtual time.",
            $"error: {File} line 8: targets[3] has no name; give each target a name (letters, digits, '.', '-', '_').",
            $"error: {File} line 9: target name \"a\" is used twice (first on line 3); each target needs its own name.",
            $"error: {File} line 11: targets[a].model \"x\": the simulator serves its profile's model; drop it, or give a mix of two or more names (base:3,sql-lora:1) to serve and measure.",
            $"error: {File} line 12: targets[c] needs base_url (with model and api_key_env) or sim_profile.",
            $"error: {File} line 14: workload.input_tokens \"abc\" must be MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (token counts, e.g. 1:63 or normal:500:100).",
            $"error: {File} line 16: baseline.concurrency \"0\" must be a whole number of at least 1.",
            $"error: {File} line 18: sweep.concurrency \"8..2\" ends below its start; expected the start (8) to be at most the end (2).",
            $"error: {File} line 19: sweep.repeats \"two\" must be a whole number of at least 1.",
            $"error: {File} line 20: unknown key \"extra\" at the top level.",
        ], errors);
    }

    [Fact]
    public async Task A_core_problem_names_the_study_keys_where_the_command_line_names_flags()
    {
        // when: the problem that `run --prefix-groups 8` reports as --prefix-groups "8" needs --prefix-tokens
        var (exitCode, _, errors) = await StudyAsync("""
            targets:
              - name: a
                sim_profile: tiny
            workload:
              prefix_groups: 8
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal([$"error: {File} line 5: workload.prefix_groups \"8\" needs workload.prefix_tokens: give the prefixes a length, e.g. workload.prefix_tokens 1000."], errors);
    }

    [Fact]
    public async Task An_api_key_written_where_its_variable_name_belongs_is_refused_without_echoing_it()
    {
        // given
        const string key = "sk-live-0123456789abcdef";

        // when
        var (exitCode, output, errors) = await StudyAsync($"""
            targets:
              - name: remote
                base_url: http://127.0.0.1:9
                api_key_env: {key}
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal([$"error: {File} line 4: targets[remote].api_key_env takes the NAME of an environment variable, not the key itself; run `export MY_KEY=...` and write api_key_env: MY_KEY."], errors);
        Assert.DoesNotContain(key, output + string.Join("\n", errors));
    }

    [Fact]
    public async Task A_header_that_frames_the_request_is_refused_and_url_credentials_are_never_echoed()
    {
        // when
        var (exitCode, output, errors) = await StudyAsync("""
            targets:
              - name: remote
                base_url: ftp://bench-user:url-pass-0123@127.0.0.1:9
                headers:
                  Transfer-Encoding: chunked
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains(errors, error => error.Contains("\"Transfer-Encoding\" is set by llmload itself", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("\"ftp://***@127.0.0.1:9\" must be an http:// or https:// URL", StringComparison.Ordinal));
        Assert.DoesNotContain("url-pass-0123", output + string.Join("\n", errors));
    }

    [Fact]
    public async Task A_file_without_targets_or_with_broken_yaml_is_one_line()
    {
        // when
        var missing = await StudyAsync("sweep:\n  concurrency: 2,4\n");
        var broken = await StudyAsync("targets:\n  - name: a\n    sim_profile: tiny\n  bad indentation: [\n");

        // then
        Assert.Equal([$"error: {File}: \"targets\" is missing; a study needs at least one target (a base_url or a sim_profile)."], missing.Errors);
        Assert.Equal(ExitCodes.InvalidInput, broken.ExitCode);
        Assert.Single(broken.Errors);
        Assert.StartsWith($"error: {File}", broken.Errors[0]);
        Assert.Contains("not valid YAML", broken.Errors[0]);
    }

    [Fact]
    public async Task Simulated_targets_need_a_workload_that_virtual_time_can_model()
    {
        // when
        var (exitCode, _, errors) = await StudyAsync("""
            targets:
              - name: predicted
                sim_profile: tiny
                mode: simulate
            workload:
              input_tokens: normal:500:100
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal([$"error: {File} line 4: targets[predicted].mode \"simulate\": virtual time needs input_tokens as MIN:MAX or fixed:N, not \"normal:500:100\"."], errors);
    }

    [Fact]
    public async Task Slo_terms_on_ttft_tpot_or_itl_are_refused_for_a_workload_that_does_not_stream()
    {
        // when
        var (exitCode, _, errors) = await StudyAsync("""
            targets:
              - name: a
                base_url: http://127.0.0.1:9
            workload:
              stream: false
            sweep:
              concurrency: 1,2
              slo: tpot_mean<=0.5,e2el_p99<=9000
            """);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal([$"error: {File} line 8: sweep.slo \"mean_tpot_ms<=0.5\": TTFT, TPOT and ITL are not measured with stream: false (the answer arrives whole); drop these terms or stream."], errors);
    }

    public void Dispose() => _cli.Dispose();
}
