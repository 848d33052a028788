using System.Globalization;

namespace LlmLoad.LoadCapacity;

/// <summary><c>--name value</c> pairs after the mode word; a tiny parser so the harness needs no CLI package.</summary>
public sealed class HarnessArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public HarnessArguments(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    _values[name] = "true";
                }
                name = arg[2..];
            }
            else if (name is not null)
            {
                _values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument \"{arg}\"; expected --name value pairs.");
            }
        }
        if (name is not null)
        {
            _values[name] = "true";
        }
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public bool Has(string name) => _values.ContainsKey(name);

    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out var text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    public int Integer(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A comma-separated list of integers, e.g. <c>100,1000,4000</c>.</summary>
    public IReadOnlyList<int> Integers(string name, IReadOnlyList<int> fallback) =>
        _values.TryGetValue(name, out var text)
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(part => int.Parse(part, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray()
            : fallback;
}
