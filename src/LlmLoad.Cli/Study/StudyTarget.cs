using LlmLoad.Core.Running;
using LlmLoad.Core.Study;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Study;

/// <summary>
/// One endpoint or model of a study: a base URL (with its model, API key, the user name and password taken out of
/// the URL, and headers) or a simulator
/// profile, measured over HTTP or, for a profile, predicted in virtual time. <see cref="Name"/> labels its
/// rows, its colour in charts and its directory.
/// </summary>
internal sealed record StudyTarget(
    string Name,
    Uri? BaseUrl,
    string? Model,
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
            ApiKey = ApiKey,
            UrlCredentials = UrlCredentials,
            Headers = Headers,
        },
        ApiKeyVariable = ApiKeyVariable,
        OutputDirectory = outputDirectory,
    };

    /// <summary>The directory of the target's baseline run, relative to the study's.</summary>
    public string BaselineDirectory => Path.Combine(Name, "baseline");

    /// <summary>The directory of the target's sweep, relative to the study's.</summary>
    public string SweepDirectory => Path.Combine(Name, "sweep");
}
