using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Fields merged into every request body (<c>--extra-body</c>, a study's <c>extra_body:</c>): structured-output
/// schemas, vendor sampling parameters, <c>chat_template_kwargs</c>. Parsed once; <see cref="OpenAiRequestBuilder"/>
/// copies the parsed properties into each body, so nothing is parsed per request.
/// </summary>
public sealed class ExtraBody
{
    private readonly JsonDocument _document;

    private ExtraBody(JsonDocument document) => _document = document;

    /// <summary>The top-level properties, in the order given.</summary>
    public IEnumerable<JsonProperty> Properties => _document.RootElement.EnumerateObject();

    /// <summary>Whether a top-level property of this name is given.</summary>
    public bool Has(string key) => _document.RootElement.TryGetProperty(key, out _);

    /// <summary>
    /// Parses a JSON object. <paramref name="source"/> names where the text came from (<c>--extra-body</c>,
    /// <c>--extra-body file "x.json"</c>) for the one-line <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(string json, string source, [NotNullWhen(true)] out ExtraBody? body, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        body = null;
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            error = $"{source} is not valid JSON: {exception.Message} Give one JSON object, e.g. '{{\"top_k\": 20}}'.";
            return false;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var given = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => "an array",
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.True or JsonValueKind.False => "a boolean",
                _ => "null",
            };
            error = $"{source} must be a JSON object (its fields are merged into each request body), not {given}.";
            document.Dispose();
            return false;
        }
        body = new ExtraBody(document);
        return true;
    }

    /// <summary>The given keys that <paramref name="ownKeys"/> (what llmload itself writes) also holds, in the order given.</summary>
    public IReadOnlyList<string> Conflicts(IReadOnlyCollection<string> ownKeys) =>
        [.. Properties.Select(property => property.Name).Where(ownKeys.Contains)];

    /// <summary>The JSON text, compact, for the run's configuration echo.</summary>
    public override string ToString() => _document.RootElement.GetRawText();
}
