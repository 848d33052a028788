using System.Text.RegularExpressions;
using LlmLoad.Cli.Commands;
using LlmLoad.Core.Running;
using LlmLoad.Core.Study;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Study;

/// <summary>
/// Reads one item of a study file's <c>targets</c>: a <c>base_url</c> (with <c>model</c>, <c>api_key_env</c>
/// and <c>headers</c>) or a <c>sim_profile</c> (with <c>mode</c>, and a <c>model</c> mix for the simulator to serve), and
/// the <c>name</c> that labels it.
/// </summary>
internal static partial class StudyTargetReader
{
    public static readonly string[] Keys = ["name", "base_url", "model", "api_key_env", "headers", "sim_profile", "mode"];

    public static StudyTarget? Read(YamlSection section, string studyDirectory, RunOptions template, StudyProblems problems)
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
            var other => StudyFileReader.Problem(section, "mode", $"{section.Name("mode")} \"{other}\" must be measure (real requests) or simulate (virtual-time prediction).", StudyTargetMode.Measured),
        };

        var (model, models) = ReadModels(section);
        Uri? baseUrl = null;
        SimulatorProfile? profile = null;
        string? apiKeyVariable = null;
        string? apiKey = null;
        string? urlCredentials = null;
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
            var urlProblems = new List<OptionProblem>();
            var typedUrl = RunOptionSet.ParseBaseUrl(baseUrlText, urlProblems);
            baseUrl = typedUrl is null ? null : UrlUserInfo.Strip(typedUrl);
            urlCredentials = typedUrl is null ? null : UrlUserInfo.Credentials(typedUrl);
            section.Problems(urlProblems);
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
            foreach (var reserved in headers.Where(header => ReservedHeaders.IsReserved(header.Key)))
            {
                section.Problem("headers", $"{section.Name("headers")}: {ReservedHeaders.Reason(reserved.Key)}");
            }
        }
        else
        {
            foreach (var key in new[] { "api_key_env", "headers" }.Where(section.Has))
            {
                section.Problem(key, $"{section.Name(key)} applies only to a base_url target; the simulator serves its profile's model.");
            }
            if (models is null && model is not null)
            {
                section.Problem("model", $"{section.Name("model")} \"{model}\": the simulator serves its profile's model; drop it, or give a mix of two or more names (base:3,sql-lora:1) to serve and measure.");
            }
            else if (models is not null && mode == StudyTargetMode.Simulated)
            {
                section.Problem("model", $"{section.Name("model")} \"{models}\": a model mix is measured over HTTP only; drop it or use mode: measure.");
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
            : new StudyTarget(name!, baseUrl, model, models, apiKeyVariable, apiKey, urlCredentials, headers, profile, mode);
    }

    /// <summary>
    /// The target's <c>model</c>, read as <c>--model</c> reads it: one name, or a mix written <c>"base:3,sql-lora:1"</c> or
    /// as a list (<c>[base:3, sql-lora:1]</c>). Returns the (first) name and, for two or more names, the mix.
    /// </summary>
    private static (string? Model, WeightedMix? Models) ReadModels(YamlSection section)
    {
        if (section.TextOrList("model") is not { Length: > 0 } text)
        {
            return (null, null);
        }
        if (!WeightedMix.TryParse(text, OptionField.Model, out var mix, out var error))
        {
            section.Problems([error]);
            return (null, null);
        }
        return (mix.Entries[0].Name, mix.Entries.Count > 1 ? mix : null);
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

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}
