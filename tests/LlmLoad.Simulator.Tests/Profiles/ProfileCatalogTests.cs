using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Profiles;

public sealed class ProfileCatalogTests
{
    [Theory]
    [InlineData("gpt-oss-20b")]
    [InlineData("gemma-3-27b")]
    [InlineData("llama-4-scout-4gpu")]
    [InlineData("tiny")]
    [InlineData("instant")]
    public void Every_shipped_profile_loads_valid_with_a_one_line_description(string name)
    {
        var profile = ProfileCatalog.Load(name);

        Assert.Equal(name, profile.Name);
        Assert.Empty(profile.Validate());
        Assert.False(string.IsNullOrWhiteSpace(profile.Description));
        Assert.DoesNotContain('\n', profile.Description);
    }

    [Fact]
    public void Shipped_profiles_are_listed_in_catalog_order()
    {
        var names = ProfileCatalog.Shipped.Select(p => p.Name);

        Assert.Equal(["gpt-oss-20b", "gemma-3-27b", "llama-4-scout-4gpu", "tiny", "instant"], names);
    }

    [Fact]
    public void Calibrated_profiles_carry_the_values_of_the_calibration_table()
    {
        var gpt = ProfileCatalog.Get("gpt-oss-20b");
        var gemma = ProfileCatalog.Get("gemma-3-27b");
        var scout = ProfileCatalog.Get("llama-4-scout-4gpu");

        Assert.Equal(
            (152.0, 70, 1024, 1_100_000, 3.2, 0.91, 3.79, 32, 4, 30.0, 18.3, 8.0, 0.5, 1500, 2100, 0.35),
            (gpt.FrontendMs, gpt.PromptOverheadTokens, gpt.MaxNumSeqs, gpt.KvCapacityTokens, gpt.T0Ms, gpt.WDenseMs, gpt.WExpertMs,
                gpt.NExperts, gpt.TopK, gpt.TauCUs, gpt.TauKvUsPerKtok, gpt.TauSeqUs, gpt.TauSysUs, gpt.SoftInflight, gpt.HardInflight, gpt.DropPmax));
        Assert.Equal(
            (640.0, 10, 1024, 150_000, 8.0, 10.6, 0.0, 90.0, 95.0, 24.0, 0.5, 1450, 1700, 0.45),
            (gemma.FrontendMs, gemma.PromptOverheadTokens, gemma.MaxNumSeqs, gemma.KvCapacityTokens, gemma.T0Ms, gemma.WDenseMs, gemma.WExpertMs,
                gemma.TauCUs, gemma.TauKvUsPerKtok, gemma.TauSeqUs, gemma.TauSysUs, gemma.SoftInflight, gemma.HardInflight, gemma.DropPmax));
        Assert.Equal(
            (288.0, 20, 512, 250_000, 1.0, 1.7, 16.0, 16, 1, 18.1, 18.4, 95.0, 6.0, 3000, 4500, 0.35),
            (scout.FrontendMs, scout.PromptOverheadTokens, scout.MaxNumSeqs, scout.KvCapacityTokens, scout.T0Ms, scout.WDenseMs, scout.WExpertMs,
                scout.NExperts, scout.TopK, scout.TauCUs, scout.TauKvUsPerKtok, scout.TauSeqUs, scout.TauSysUs, scout.SoftInflight, scout.HardInflight, scout.DropPmax));
        Assert.All([gpt, gemma, scout], p => Assert.Equal((8192, 16, 0.15, 0.03, 0.002, 15.0, 0.05),
            (p.MaxNumBatchedTokens, p.BlockSize, p.FrontendCv, p.StepCv, p.HiccupProb, p.HiccupMs, p.MergeProb)));
    }

    [Fact]
    public void An_unknown_name_suggests_the_closest_shipped_profile()
    {
        var error = Assert.Throws<ProfileLoadException>(() => ProfileCatalog.Load("gemma-27b"));

        var line = Assert.Single(error.Errors);
        Assert.StartsWith("unknown profile \"gemma-27b\"; did you mean \"gemma-3-27b\"?", line);
    }

    [Fact]
    public void A_custom_file_starts_from_its_base_and_is_named_after_the_file()
    {
        using var file = new TempFile("my-gpu.json", """{ "base": "gpt-oss-20b", "max_num_seqs": 256, "frontend_ms": 5 }""");

        var profile = ProfileCatalog.Load(file.Path);

        Assert.Equal("my-gpu", profile.Name);
        Assert.Equal(256, profile.MaxNumSeqs);
        Assert.Equal(5.0, profile.FrontendMs);
        Assert.Equal(ProfileCatalog.Get("gpt-oss-20b") with { Name = "my-gpu", MaxNumSeqs = 256, FrontendMs = 5 }, profile);
    }

    [Fact]
    public void A_custom_file_without_base_starts_from_the_model_defaults()
    {
        using var file = new TempFile("plain.json", """{ "name": "plain", "t0_ms": 2.5, "kv_capacity_tokens": 1.1e6 }""");

        var profile = ProfileCatalog.Load(file.Path);

        Assert.Equal(new SimulatorProfile { Name = "plain", T0Ms = 2.5, KvCapacityTokens = 1_100_000 }, profile);
    }

    [Fact]
    public void A_custom_file_reports_every_unknown_key_and_bad_value_at_once()
    {
        using var file = new TempFile("bad.json", """{ "max_num_seq": 8, "t0_ms": "fast", "block_size": 1.5, "coalesce_chunks": 1 }""");

        var error = Assert.Throws<ProfileLoadException>(() => ProfileCatalog.Load(file.Path));

        Assert.Equal(
        [
            $"profile file \"{file.Path}\": unknown key \"max_num_seq\"; did you mean \"max_num_seqs\"?",
            $"profile file \"{file.Path}\": \"t0_ms\" must be a number, got \"fast\".",
            $"profile file \"{file.Path}\": \"block_size\" must be an integer, got 1.5.",
            $"profile file \"{file.Path}\": \"coalesce_chunks\" must be true or false, got 1.",
        ], error.Errors);
    }

    [Fact]
    public void A_custom_file_with_out_of_range_values_names_each_key()
    {
        using var file = new TempFile("range.json", """{ "base": "tiny", "soft_inflight": 100, "merge_prob": 1.5, "max_model_len": 9000 }""");

        var error = Assert.Throws<ProfileLoadException>(() => ProfileCatalog.Load(file.Path));

        Assert.Equivalent(
        new[]
        {
            $"profile file \"{file.Path}\": \"soft_inflight\" must be at most hard_inflight (64), got 100.",
            $"profile file \"{file.Path}\": \"max_model_len\" must fit in the KV cache less the watermark and one block (8094 tokens), got 9000.",
            $"profile file \"{file.Path}\": \"merge_prob\" must be at least 0 and below 1, got 1.5.",
        }, error.Errors, strict: true);
    }

    [Fact]
    public void A_missing_file_is_one_line_naming_the_path()
    {
        var error = Assert.Throws<ProfileLoadException>(() => ProfileCatalog.Load("/nonexistent/dir/p.json"));

        Assert.StartsWith("profile file \"/nonexistent/dir/p.json\" was not found;", Assert.Single(error.Errors));
    }

    [Fact]
    public void A_file_that_is_not_json_says_so()
    {
        using var file = new TempFile("broken.json", "{ \"t0_ms\": ");

        var error = Assert.Throws<ProfileLoadException>(() => ProfileCatalog.Load(file.Path));

        Assert.StartsWith($"profile file \"{file.Path}\" is not valid JSON:", Assert.Single(error.Errors));
    }

    [Theory]
    [InlineData("gpt-oss-20b")]
    [InlineData("instant")]
    public void A_written_profile_reads_back_equal(string name)
    {
        var profile = ProfileCatalog.Get(name);

        var json = ProfileJson.Write(profile);
        var read = ProfileCatalog.Parse(json, "round trip", "ignored");

        Assert.Equal(profile, read);
    }

    private sealed class TempFile : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("llmload-profile-").FullName;

        public TempFile(string name, string content)
        {
            Path = System.IO.Path.Combine(_directory, name);
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
