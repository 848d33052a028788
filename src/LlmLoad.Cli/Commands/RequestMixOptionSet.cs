using LlmLoad.Core.Validation;
using System.CommandLine;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The request-mix flags (docs/request-mix.md) on top of <see cref="RunOptionSet"/>'s: fields merged into every body,
/// and the sources of a dataset mix. The model mix rides on <c>--model</c> itself (<see cref="ApplyModels"/>).
/// </summary>
internal sealed class RequestMixOptionSet
{
    public Option<string?> ExtraBody { get; } = new("--extra-body") { Description = "JSON object merged into every request body, or @FILE.json (e.g. '{\"top_k\": 20}', a response_format, chat_template_kwargs)." };
    public Option<bool> ExtraBodyOverride { get; } = new("--extra-body-override") { Description = "Let --extra-body replace fields llmload sets itself (model, messages, prompt, stream, max_tokens, stream_options...)." };
    public Option<string?> DatasetMix { get; } = new("--dataset-mix") { Description = "Draw each request's prompt from several sources by weight, e.g. synthetic:0.7,sharegpt:PATH:0.3 (instead of --dataset)." };

    public IEnumerable<Option> All => [ExtraBody, ExtraBodyOverride, DatasetMix];

    /// <summary>
    /// <c>--model a:3,b:1</c> or <c>a,b</c>: a mix of models by weight; one name is the plain single model (a weight
    /// alone changes nothing). Null text: the model is resolved from the server later.
    /// </summary>
    public static EndpointOptions ApplyModels(EndpointOptions endpoint, List<string> problems)
    {
        if (endpoint.Model is not { Length: > 0 } text)
        {
            return endpoint;
        }
        if (!WeightedMix.TryParse(text, OptionField.Model, out var mix, out var error))
        {
            problems.Add(CliOptionNames.Describe(error));
            return endpoint;
        }
        return endpoint with { Model = mix.Entries[0].Name, Models = mix.Entries.Count > 1 ? mix : null };
    }

    /// <summary>Adds the extra body to <paramref name="endpoint"/> and the dataset mix to <paramref name="workload"/>.</summary>
    public (EndpointOptions Endpoint, WorkloadOptions Workload) Apply(ParseResult parse, EndpointOptions endpoint, WorkloadOptions workload, bool datasetGiven, List<string> problems)
    {
        var extra = ReadExtraBody(RunOptionSet.Value(parse, ExtraBody), problems);
        var allowOverride = RunOptionSet.Value(parse, ExtraBodyOverride);
        if (allowOverride && RunOptionSet.Value(parse, ExtraBody) is null)
        {
            problems.Add("--extra-body-override has nothing to override; give --extra-body too, or drop it.");
        }
        endpoint = WithExtraBody(endpoint, extra, allowOverride, "--extra-body", problems);
        if (RunOptionSet.Value(parse, DatasetMix) is { } datasetMix)
        {
            if (datasetGiven)
            {
                problems.Add("--dataset and --dataset-mix both say where prompts come from; give one of them (a mix may hold one source).");
            }
            workload = workload with { DatasetMix = datasetMix };
        }
        return (endpoint, workload);
    }

    /// <summary><paramref name="endpoint"/> with <paramref name="extra"/>, refusing (into <paramref name="problems"/>) keys llmload sets unless overriding.</summary>
    public static EndpointOptions WithExtraBody(EndpointOptions endpoint, ExtraBody? extra, bool allowOverride, string source, List<string> problems)
    {
        if (extra is null)
        {
            return endpoint;
        }
        if (!allowOverride && extra.Conflicts(OpenAiRequestBuilder.OwnKeys(endpoint)) is { Count: > 0 } conflicts)
        {
            problems.Add($"{source} sets {string.Join(", ", conflicts.Select(key => $"\"{key}\""))}, which llmload sets itself; drop {(conflicts.Count == 1 ? "it" : "them")} or pass --extra-body-override to send yours instead.");
        }
        return endpoint with { ExtraBody = extra, ExtraBodyOverride = allowOverride };
    }

    /// <summary>The JSON given inline or, after <c>@</c>, in a file; null with a problem added when it cannot be read or parsed.</summary>
    private static ExtraBody? ReadExtraBody(string? value, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }
        var (json, source) = (value, "--extra-body");
        if (value.StartsWith('@'))
        {
            var path = value[1..];
            source = $"--extra-body file \"{path}\"";
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problems.Add($"{source} cannot be read: {exception.Message} Give the path of a JSON file after @.");
                return null;
            }
        }
        if (!Core.Transport.ExtraBody.TryParse(json, source, out var extra, out var error))
        {
            problems.Add(error);
        }
        return extra;
    }
}
