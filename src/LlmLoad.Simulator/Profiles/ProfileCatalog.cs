using System.Collections.Frozen;
using System.Text.Json;

namespace LlmLoad.Simulator.Profiles;

/// <summary>
/// The shipped profiles (embedded JSON) and loading of custom profile files.
/// </summary>
public static class ProfileCatalog
{
    /// <summary>The profile used when none is named: the published study's first model.</summary>
    public const string DefaultProfileName = "gpt-oss-20b";

    /// <summary>Names of the shipped profiles, in the order <c>llmload profiles</c> lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gpt-oss-20b", "gemma-3-27b", "llama-4-scout-4gpu", "tiny", "instant"];

    private static readonly Lazy<FrozenDictionary<string, SimulatorProfile>> s_shipped = new(LoadShipped);

    /// <summary>The shipped profiles, in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<SimulatorProfile> Shipped => [.. Names.Select(n => s_shipped.Value[n])];

    /// <summary>
    /// A shipped profile by name, or a custom profile from a JSON file path (anything ending in
    /// <c>.json</c> or containing a directory separator is read as a path).
    /// </summary>
    /// <exception cref="ProfileLoadException">Unknown name (with a "did you mean"), unreadable file, or bad keys/values.</exception>
    public static SimulatorProfile Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (s_shipped.Value.TryGetValue(nameOrPath, out var shipped))
        {
            return shipped;
        }

        var looksLikePath = nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                            || nameOrPath.Contains('/') || nameOrPath.Contains('\\') || File.Exists(nameOrPath);
        return looksLikePath ? LoadFile(nameOrPath) : throw UnknownName(nameOrPath);
    }

    /// <summary>A shipped profile by exact name.</summary>
    /// <exception cref="ProfileLoadException">The name is not shipped.</exception>
    public static SimulatorProfile Get(string name) =>
        s_shipped.Value.TryGetValue(name, out var profile) ? profile : throw UnknownName(name);

    /// <summary>Reads a custom profile file. Its name defaults to the file name without extension.</summary>
    public static SimulatorProfile LoadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "was not found" : $"could not be read ({e.Message})";
            throw new ProfileLoadException($"profile file \"{path}\" {reason}; give a shipped profile name ({string.Join(", ", Names)}) or an existing .json file.", e);
        }

        return Parse(json, $"profile file \"{path}\"", Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>
    /// Parses profile JSON. <paramref name="source"/> prefixes every error message;
    /// <paramref name="defaultName"/> is used when the JSON has no "name".
    /// </summary>
    public static SimulatorProfile Parse(string json, string source, string defaultName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ProfileLoadException($"{source} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var errors = new List<string>();
            var start = new SimulatorProfile { Name = defaultName };
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(ProfileJson.BaseKey, out var baseElement))
            {
                start = ResolveBase(baseElement, source, errors) is { } baseProfile ? baseProfile with { Name = defaultName } : start;
            }

            var profile = ProfileJson.Apply(start, root, source, errors);
            if (errors.Count == 0)
            {
                errors.AddRange(ProfileValidator.Validate(profile, source));
            }

            return errors.Count == 0 ? profile : throw new ProfileLoadException(errors);
        }
    }

    private static SimulatorProfile? ResolveBase(JsonElement baseElement, string source, List<string> errors)
    {
        if (baseElement.ValueKind == JsonValueKind.String && s_shipped.Value.TryGetValue(baseElement.GetString()!, out var found))
        {
            return found;
        }

        var typed = baseElement.ValueKind == JsonValueKind.String ? baseElement.GetString()! : baseElement.GetRawText();
        var hint = NameSuggester.Suggest(typed, Names);
        errors.Add($"{source}: \"{ProfileJson.BaseKey}\" must name a shipped profile ({string.Join(", ", Names)}), got \"{typed}\""
                   + (hint is null ? "." : $"; did you mean \"{hint}\"?"));
        return null;
    }

    private static ProfileLoadException UnknownName(string name)
    {
        var hint = NameSuggester.Suggest(name, Names);
        return new ProfileLoadException([
            $"unknown profile \"{name}\"" + (hint is null ? "." : $"; did you mean \"{hint}\"?")
            + $" Shipped profiles: {string.Join(", ", Names)}; or give a path to a .json profile file.",
        ]);
    }

    private static FrozenDictionary<string, SimulatorProfile> LoadShipped()
    {
        var assembly = typeof(ProfileCatalog).Assembly;
        var profiles = new Dictionary<string, SimulatorProfile>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var resource = $"LlmLoad.Simulator.Profiles.{name}.json";
            using var stream = assembly.GetManifestResourceStream(resource)
                               ?? throw new InvalidOperationException($"Embedded profile {resource} is missing from the assembly.");
            using var reader = new StreamReader(stream);
            var profile = Parse(reader.ReadToEnd(), $"embedded profile \"{name}\"", name);
            profiles.Add(profile.Name, profile);
        }

        return profiles.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
