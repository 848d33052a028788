using System.Text.RegularExpressions;
using LlmLoad.Cli.Commands;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Simulator.Profiles;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmLoad.Cli.Study;

/// <summary>
/// Reads and validates a study file (YAML). Its keys are the command-line flags with underscores
/// (<c>input_tokens</c> for <c>--input-tokens</c>), grouped as <c>name</c>, <c>targets</c>,
/// <c>workload</c>, <c>baseline</c> and <c>sweep</c>; examples/seed-study.yaml shows them all.
/// Every problem is reported at once, one line each, naming the file, the line and the key.
/// </summary>
internal static partial class StudyFileReader
{
    private static readonly string[] TopKeys = ["name", "targets", "workload", "baseline", "sweep"];
    private static readonly string[] TargetKeys = ["name", "base_url", "model", "api_key_env", "headers", "sim_profile", "mode"];
    private static readonly string[] WorkloadKeys =
    [
        "api", "stream", "ignore_eos", "temperature", "seed", "dataset", "input_tokens", "output_tokens", "prefix_tokens",
        "tokenizer", "ttft_timeout", "idle_timeout", "timeout",
    ];
    private static readonly string[] BaselineKeys = ["concurrency", "num_requests", "warmup"];
    private static readonly string[] SweepKeys =
    [
        "concurrency", "requests_per_level", "level_duration", "repeats", "warmup", "reset_cmd", "reset_shell", "reset_url",
        "stop_after_breakpoint", "slo",
    ];

    /// <summary>The study in <paramref name="path"/>, or null with every problem in <paramref name="problems"/>.</summary>
    public static StudyDefinition? Read(string path, StudyProblems problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(null, "the study file does not exist; see examples/seed-study.yaml for one.");
            return null;
        }
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException exception)
        {
            problems.Add((int)exception.Start.Line, $"not valid YAML: {YamlMessage(exception)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this, without a position, when the file ends inside a flow collection
            problems.Add(null, "not valid YAML: the file ended unexpectedly; is a [ or { left open?");
            return null;
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            problems.Add(null, "expected a mapping with targets, workload, baseline and sweep; see examples/seed-study.yaml.");
            return null;
        }

        var root = new YamlSection(rootNode, "", "at the top level", TopKeys, problems);
        var name = root.Text("name") ?? Path.GetFileNameWithoutExtension(path);
        var template = ReadShared(root, problems);
        var sweep = ReadSweep(root.Section("sweep", SweepKeys), template, problems);
        var targets = ReadTargets(root, Path.GetDirectoryName(Path.GetFullPath(path))!, template, problems);
        return problems.Count == 0 ? new StudyDefinition(name, targets, template, sweep) : null;
    }

    /// <summary>The workload and baseline sections as the run template every target starts from.</summary>
    private static RunOptions ReadShared(YamlSection root, StudyProblems problems)
    {
        var workload = root.Section("workload", WorkloadKeys) ?? Empty("workload", WorkloadKeys, problems);
        var seed = workload.Int("seed", 0);
        var api = workload.Text("api")?.ToLowerInvariant() switch
        {
            null or "chat" => EndpointApi.Chat,
            "completions" => EndpointApi.Completions,
            var other => Problem(workload, "api", $"{workload.Name("api")} \"{other}\" must be chat or completions.", EndpointApi.Chat),
        };
        var endpoint = new EndpointOptions
        {
            BaseUrl = new Uri("http://127.0.0.1"),
            Api = api,
            Stream = workload.Bool("stream") ?? true,
            IgnoreEos = workload.Bool("ignore_eos") ?? false,
            Temperature = workload.Number("temperature"),
            Seed = seed,
            TtftTimeout = workload.Duration("ttft_timeout") ?? TimeSpan.FromSeconds(120),
            IdleTimeout = workload.Duration("idle_timeout") ?? TimeSpan.FromSeconds(60),
            TotalTimeout = workload.Duration("timeout") ?? TimeSpan.FromSeconds(600),
        };
        var workloadOptions = new WorkloadOptions
        {
            Dataset = workload.Text("dataset") ?? "synthetic",
            InputTokens = workload.Text("input_tokens") ?? WorkloadOptions.DefaultInputTokens,
            OutputTokens = workload.Text("output_tokens") ?? "100",
            PrefixTokens = workload.Int("prefix_tokens", 0) ?? 0,
            Tokenizer = workload.Text("tokenizer") ?? TokenizerCatalog.DefaultName,
            Seed = seed ?? 0,
        };
        workload.FlagProblems(workloadOptions.Validate());

        var baseline = root.Section("baseline", BaselineKeys) ?? Empty("baseline", BaselineKeys, problems);
        var load = new LoadOptions
        {
            Concurrency = baseline.Int("concurrency", 1) ?? 32,
            NumRequests = baseline.Int("num_requests", 1) ?? 1000,
            WarmupRequests = baseline.Int("warmup", 0) ?? 0,
            Seed = seed ?? 0,
        };
        return new RunOptions { Endpoint = endpoint, Workload = workloadOptions, Load = load, OutputDirectory = "" };
    }

    private static SweepOptions ReadSweep(YamlSection? section, RunOptions template, StudyProblems problems)
    {
        section ??= Empty("sweep", SweepKeys, problems);
        var planText = section.TextOrList("concurrency") ?? "16..4096";
        if (!ConcurrencyPlan.TryParse(planText, out var plan, out var planErrors, section.Name("concurrency")))
        {
            foreach (var error in planErrors)
            {
                section.Problem("concurrency", error);
            }
        }
        SloSet? slo = null;
        if (section.Text("slo") is { } sloText && !SloSet.TryParse(sloText, out slo, out var sloErrors))
        {
            foreach (var error in sloErrors)
            {
                section.Problem("slo", $"{section.Name("slo")}: {error}");
            }
        }
        Uri? resetUrl = null;
        if (section.Text("reset_url") is { } resetUrlText
            && !(Uri.TryCreate(resetUrlText, UriKind.Absolute, out resetUrl) && resetUrl.Scheme is "http" or "https"))
        {
            section.Problem("reset_url", $"{section.Name("reset_url")} \"{resetUrlText}\" must be an http:// or https:// URL.");
        }
        var resetCommand = section.Text("reset_cmd");
        var options = new SweepOptions
        {
            Template = template,
            Plan = plan ?? new ConcurrencyPlan([1]),
            RequestsPerLevel = section.Int("requests_per_level", 1),
            DurationPerLevel = section.Duration("level_duration"),
            Repeats = section.Int("repeats", 1) ?? 1,
            WarmupPerLevel = section.Int("warmup", 0) ?? 0,
            Reset = resetCommand is null && resetUrl is null ? null : new EndpointReset(resetCommand, resetUrl, section.Bool("reset_shell") ?? false),
            StopAfterBreakpoint = section.Bool("stop_after_breakpoint") ?? false,
            Analysis = SweepAnalysisOptions.Default with { Slo = slo },
        };
        section.FlagProblems(options.Validate());
        return options;
    }

    private static List<StudyTarget> ReadTargets(YamlSection root, string studyDirectory, RunOptions template, StudyProblems problems)
    {
        var items = root.Items("targets");
        if (items.Count == 0 && !root.Has("targets"))
        {
            problems.Add(null, "\"targets\" is missing; a study needs at least one target (a base_url or a sim_profile).");
        }
        else if (items.Count == 0)
        {
            root.Problem("targets", "targets is empty; a study needs at least one target (a base_url or a sim_profile).");
        }
        var targets = new List<StudyTarget>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var nameText = (items[i].Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "name" }).Value as YamlScalarNode)?.Value;
            var path = nameText is { Length: > 0 } ? $"targets[{nameText}]" : $"targets[{i + 1}]";
            var section = new YamlSection(items[i], path, $"in {path}", TargetKeys, problems);
            if (nameText is { Length: > 0 } && !names.TryAdd(nameText, section.Line("name")))
            {
                section.Problem("name", $"target name \"{nameText}\" is used twice (first on line {names[nameText]}); each target needs its own name.");
            }
            if (ReadTarget(section, studyDirectory, template, problems) is { } target)
            {
                targets.Add(target);
            }
        }
        return targets;
    }

    private static StudyTarget? ReadTarget(YamlSection section, string studyDirectory, RunOptions template, StudyProblems problems)
    {
        var before = problems.Count;
        var name = section.Text("name");
        if (name is null)
        {
            problems.Add(section.Line(), $"{section.Path} has no name; give each target a name (letters, digits, '.', '-', '_').");
        }
        else if (!SafeName().IsMatch(name))
        {
            section.Problem("name", $"{section.Name("name")} \"{name}\" must be letters, digits, '.', '-' or '_' (it names the target's directory).");
        }
        var baseUrlText = section.Text("base_url");
        var profileText = section.Text("sim_profile");
        var mode = section.Text("mode")?.ToLowerInvariant() switch
        {
            null or "measure" => StudyTargetMode.Measured,
            "simulate" => StudyTargetMode.Simulated,
            var other => Problem(section, "mode", $"{section.Name("mode")} \"{other}\" must be measure (real requests) or simulate (virtual-time prediction).", StudyTargetMode.Measured),
        };

        Uri? baseUrl = null;
        SimulatorProfile? profile = null;
        string? apiKeyVariable = null;
        string? apiKey = null;
        IReadOnlyList<KeyValuePair<string, string>> headers = [];
        if (baseUrlText is not null && profileText is not null)
        {
            section.Problem("sim_profile", $"{section.Path} has both base_url and sim_profile; keep one.");
        }
        else if (baseUrlText is null && profileText is null)
        {
            problems.Add(section.Line(), $"{section.Path} needs base_url (with model and api_key_env) or sim_profile.");
        }
        else if (baseUrlText is not null)
        {
            var urlProblems = new List<string>();
            baseUrl = RunOptionSet.ParseBaseUrl(baseUrlText, urlProblems);
            section.FlagProblems(urlProblems);
            if (mode == StudyTargetMode.Simulated)
            {
                section.Problem("mode", $"{section.Name("mode")} \"simulate\" needs sim_profile: only a simulator profile can be predicted in virtual time.");
            }
            (apiKeyVariable, apiKey) = ReadApiKey(section);
            headers = section.Pairs("headers");
            if (headers.Any(header => header.Key.Length == 0 || header.Key.Any(char.IsWhiteSpace)))
            {
                section.Problem("headers", $"{section.Name("headers")}: header names must be non-empty and have no spaces.");
            }
        }
        else
        {
            foreach (var key in new[] { "model", "api_key_env", "headers" }.Where(section.Has))
            {
                section.Problem(key, $"{section.Name(key)} applies only to a base_url target; the simulator serves its profile's model.");
            }
            var profileProblems = new List<string>();
            profile = LoadTarget.LoadProfile(ProfilePath(profileText!, studyDirectory), section.Name("sim_profile"), profileProblems);
            foreach (var problem in profileProblems)
            {
                section.Problem("sim_profile", problem);
            }
            if (profile is not null && mode == StudyTargetMode.Simulated && VirtualPrediction.Workload(template, out var workloadProblem) is null)
            {
                section.Problem("mode", $"{section.Name("mode")} \"simulate\": {workloadProblem}");
            }
        }
        return problems.Count > before
            ? null
            : new StudyTarget(name!, baseUrl, section.Text("model"), apiKeyVariable, apiKey, headers, profile, mode);
    }

    /// <summary>The key named by <c>api_key_env</c>: a variable's name, never the key, and the variable must be set.</summary>
    private static (string? Variable, string? Key) ReadApiKey(YamlSection section)
    {
        if (section.Text("api_key_env") is not { } variable)
        {
            // no fallback to OPENAI_API_KEY: a study may name several endpoints, and one key must not reach another's server
            return (null, null);
        }
        if (variable.StartsWith("sk-", StringComparison.Ordinal) || variable.Length > 64 || variable.Any(char.IsWhiteSpace))
        {
            // never echo the value: it may be the key itself
            section.Problem("api_key_env", $"{section.Name("api_key_env")} takes the NAME of an environment variable, not the key itself; run `export MY_KEY=...` and write api_key_env: MY_KEY.");
            return (null, null);
        }
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(key))
        {
            section.Problem("api_key_env", $"{section.Name("api_key_env")} \"{variable}\": that environment variable is not set or empty.");
        }
        return (variable, key);
    }

    /// <summary>A profile file is found next to the study file; a shipped profile name is kept as it is.</summary>
    private static string ProfilePath(string nameOrPath, string studyDirectory) =>
        ProfileCatalog.Names.Contains(nameOrPath) || Path.IsPathRooted(nameOrPath) || !nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? nameOrPath
            : Path.Combine(studyDirectory, nameOrPath);

    private static YamlSection Empty(string key, IReadOnlyCollection<string> knownKeys, StudyProblems problems) =>
        new(new YamlMappingNode(), key, $"in {key}", knownKeys, problems);

    private static T Problem<T>(YamlSection section, string key, string message, T fallback)
    {
        section.Problem(key, message);
        return fallback;
    }

    /// <summary>YamlDotNet's message without its "(Line: 3, Col: 5, Idx: 20) - (...)" prefix; the line is reported already.</summary>
    private static string YamlMessage(YamlException exception)
    {
        var message = exception.InnerException?.Message ?? exception.Message;
        var dash = message.IndexOf("): ", StringComparison.Ordinal);
        return (dash >= 0 && message.StartsWith('(') ? message[(dash + 3)..] : message).Trim();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}
