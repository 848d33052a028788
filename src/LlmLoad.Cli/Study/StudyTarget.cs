using LlmLoad.Core.Running;
using LlmLoad.Core.Study;
using LlmLoad.Core.Workload;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Study;

/// <summary>
/// One endpoint or model of a study: a base URL (with its model, API key, the user name and password taken out of
/// the URL, and headers) or a simulator
/// profile, measured over HTTP or, for a profile, predicted in virtual time. <see cref="Name"/> labels its
/// rows, its colour in charts and its directory. <see cref="Models"/> is its model mix (<c>model: "base:3,sql-lora:1"</c>),
/// as <c>--model</c> takes it; <see cref="Model"/> is then the mix's first name.
/// </summary>
internal sealed record StudyTarget(
    string Name,
    Uri? BaseUrl,
    string? Model,
    WeightedMix? Models,
    string? ApiKeyVariable,
    string? ApiKey,
    string? UrlCredentials,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    SimulatorProfile? Simulator,
    StudyTargetMode Mode)
{
    /// <summary>The run options of this target: the study's shared settings, its own endpoint, and where its results go.</summary>
    public RunOptions Apply(RunOptions template, Uri baseUrl, string outputDirectory) => template with
    {
        Endpoint = template.Endpoint with
        {
            BaseUrl = baseUrl,
            Model = Model,
            Models = Models,
            ApiKey = ApiKey,
            UrlCredentials = UrlCredentials,
            Headers = Headers,
        },
        ApiKeyVariable = ApiKeyVariable,
        OutputDirectory = outputDirectory,
    };

    /// <summary>The model as the study file gave it: one name, or the mix (<c>base:3,sql-lora:1</c>); null when the server's first model is used.</summary>
    public string? ModelText => Models?.ToString() ?? Model;

    /// <summary>The directory of the target's baseline run, relative to the study's.</summary>
    public string BaselineDirectory => Path.Combine(Name, "baseline");

    /// <summary>The directory of the target's sweep, relative to the study's.</summary>
    public string SweepDirectory => Path.Combine(Name, "sweep");
}
