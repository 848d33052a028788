using System.Globalization;
using LlmLoad.Cli.Commands;
using LlmLoad.Core.Validation;
using LlmLoad.Simulator.Profiles;
using YamlDotNet.RepresentationModel;

namespace LlmLoad.Cli.Study;

/// <summary>
/// One mapping of a study file (the top level, <c>sweep</c>, a target) and the keys it may have. It
/// reports unknown keys at once (with a "did you mean"), then reads typed values; every wrong value
/// becomes one problem naming the file, the line, the key's path and the value, and reads as null.
/// The typed reads stay together in this one (longer) file so that every message has the same shape.
/// </summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly StudyProblems _problems;

    /// <param name="path">How keys are named in messages: <c>sweep</c> gives <c>sweep.repeats</c>; empty for the top level.</param>
    /// <param name="where">Where unknown keys are, in messages: <c>in sweep</c>, <c>at the top level</c>.</param>
    public YamlSection(YamlMappingNode node, string path, string where, IReadOnlyCollection<string> knownKeys, StudyProblems problems)
    {
        _node = node;
        _problems = problems;
        Path = path;
        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!knownKeys.Contains(name))
            {
                var hint = NameSuggester.Suggest(name, knownKeys);
                problems.Add(Line(key), $"unknown key \"{name}\" {where}" + (hint is null ? "." : $"; did you mean \"{hint}\"?"));
            }
        }
    }

    public string Path { get; }

    /// <summary>The line where this mapping starts (1-based).</summary>
    public int Line() => Line(_node);

    /// <summary>The line of <paramref name="key"/>, or of the mapping when the key is absent.</summary>
    public int Line(string key) => Find(key) is var (k, _) ? Line(k) : Line();

    /// <summary>The key as messages name it, e.g. <c>sweep.repeats</c>.</summary>
    public string Name(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public void Problem(string key, string message) => _problems.Add(Line(key), message);

    /// <summary>
    /// Adds problems from Core's option validators on the line of their field, naming each option as this
    /// section's key: a study file's keys are the options' neutral names (<see cref="OptionField"/>), so
    /// <c>input_tokens</c> reads <c>workload.input_tokens</c>.
    /// </summary>
    public void Problems(IEnumerable<OptionProblem> problems)
    {
        foreach (var problem in problems)
        {
            _problems.Add(Line(problem.Field), problem.Describe(Name));
        }
    }

    public bool Has(string key) => Find(key) is not null;

    /// <summary>A single value; null when absent or written as <c>null</c> / <c>~</c>.</summary>
    public string? Text(string key)
    {
        if (Find(key) is not var (_, value))
        {
            return null;
        }
        if (value is YamlScalarNode scalar)
        {
            return IsNull(scalar) ? null : scalar.Value;
        }
        _problems.Add(Line(value), $"{Name(key)} must be a single value, not a list or a mapping.");
        return null;
    }

    public int? Int(string key, int minimum)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }
        Problem(key, string.Create(CultureInfo.InvariantCulture, $"{Name(key)} \"{text}\" must be a whole number of at least {minimum}."));
        return null;
    }

    public double? Number(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        Problem(key, $"{Name(key)} \"{text}\" must be a number.");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = Text(key);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Problem(key, $"{Name(key)} \"{text}\" must be true or false.");
                return null;
        }
    }

    /// <summary>A duration such as <c>90s</c>, <c>500ms</c>, <c>5m</c> (a plain number is seconds).</summary>
    public TimeSpan? Duration(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (CliValues.TryParseDuration(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }
        Problem(key, $"{Name(key)} \"{text}\" must be a positive duration such as 30s, 500ms, 5m or 1h.");
        return null;
    }

    /// <summary>A single value, or a list of single values joined with commas (<c>[16, 32, 64]</c> reads as <c>16,32,64</c>).</summary>
    public string? TextOrList(string key)
    {
        if (Find(key) is (_, YamlSequenceNode sequence))
        {
            if (sequence.Children.All(item => item is YamlScalarNode))
            {
                return string.Join(",", sequence.Children.Cast<YamlScalarNode>().Select(item => item.Value));
            }
            _problems.Add(Line(sequence), $"{Name(key)} must be a value or a list of values.");
            return null;
        }
        return Text(key);
    }

    /// <summary>A nested mapping; null when absent (or not a mapping, which is reported).</summary>
    public YamlSection? Section(string key, IReadOnlyCollection<string> knownKeys)
    {
        if (Find(key) is not var (_, value) || value is YamlScalarNode scalar && IsNull(scalar))
        {
            return null;
        }
        if (value is YamlMappingNode mapping)
        {
            return new YamlSection(mapping, Name(key), $"in {Name(key)}", knownKeys, _problems);
        }
        _problems.Add(Line(value), $"{Name(key)} must be a mapping of keys to values.");
        return null;
    }

    /// <summary>The mappings of a list (each with its line); a non-list or a non-mapping item is reported.</summary>
    public IReadOnlyList<YamlMappingNode> Items(string key)
    {
        if (Find(key) is not var (_, value) || value is YamlScalarNode scalar && IsNull(scalar))
        {
            return [];
        }
        if (value is not YamlSequenceNode sequence)
        {
            _problems.Add(Line(value), $"{Name(key)} must be a list (each item starting with \"- \").");
            return [];
        }
        foreach (var item in sequence.Children.Where(item => item is not YamlMappingNode))
        {
            _problems.Add(Line(item), $"each item of {Name(key)} must be a mapping of keys to values.");
        }
        return [.. sequence.Children.OfType<YamlMappingNode>()];
    }

    /// <summary>A mapping of single values, in file order (request headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs(string key)
    {
        if (Find(key) is not var (_, value) || value is YamlScalarNode scalar && IsNull(scalar))
        {
            return [];
        }
        if (value is not YamlMappingNode mapping || !mapping.Children.All(pair => pair.Key is YamlScalarNode && pair.Value is YamlScalarNode))
        {
            // never echo the values: they may be secrets
            _problems.Add(Line(value), $"{Name(key)} must be a mapping of names to values, e.g. X-Team: research.");
            return [];
        }
        return [.. mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ((YamlScalarNode)pair.Value).Value ?? ""))];
    }

    public static int Line(YamlNode node) => (int)node.Start.Line;

    private (YamlNode Key, YamlNode Value)? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                return (k, v);
            }
        }
        return null;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
