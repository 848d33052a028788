using System.Diagnostics.CodeAnalysis;
using System.Globalization;

using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>
/// A list of choices with weights, as <c>--model a:3,b:1</c> and <c>--dataset-mix synthetic:0.7,sharegpt:PATH:0.3</c>
/// write them: comma-separated entries, each a name with an optional <c>:WEIGHT</c> (default 1). The weight is the
/// text after the last colon when it reads as a number, so names may hold colons (<c>sharegpt:PATH</c>,
/// <c>llama3:8b</c>); a name that itself ends in <c>:NUMBER</c> needs an explicit weight (<c>model:70:1</c>).
/// </summary>
/// <param name="Entries">The choices in the order given, each with a weight above 0.</param>
public sealed record WeightedMix(IReadOnlyList<WeightedMix.Entry> Entries)
{
    /// <summary>One choice and its relative weight (above 0).</summary>
    public sealed record Entry(string Name, double Weight);

    /// <summary>Parses <paramref name="text"/>; <paramref name="error"/> names <paramref name="field"/> (an <see cref="OptionField"/>) and quotes the value.</summary>
    public static bool TryParse(string text, string field, [NotNullWhen(true)] out WeightedMix? mix, [NotNullWhen(false)] out OptionProblem? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        mix = null;
        error = null;
        var entries = new List<Entry>();
        foreach (var part in text.Split(','))
        {
            var entry = part.Trim();
            var colon = entry.LastIndexOf(':');
            var weight = 1.0;
            if (colon > 0 && double.TryParse(entry[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var given))
            {
                if (!(given > 0) || !double.IsFinite(given))
                {
                    error = new(field, text, $": the weight of \"{entry[..colon]}\" must be a number above 0.");
                    return false;
                }
                weight = given;
                entry = entry[..colon];
            }
            if (entry.Length == 0)
            {
                error = new(field, text, "has an empty entry; expected NAME or NAME:WEIGHT, separated by commas.");
                return false;
            }
            if (entries.Any(e => e.Name == entry))
            {
                error = new(field, text, $"names \"{entry}\" twice; give each once with its weight.");
                return false;
            }
            entries.Add(new Entry(entry, weight));
        }
        mix = new WeightedMix(entries);
        return true;
    }

    /// <summary>
    /// The entry (its position in <see cref="Entries"/>) of each of <paramref name="count"/> requests, drawn independently by
    /// weight from a stream seeded by <paramref name="seed"/> and <paramref name="stream"/>: the same seed gives the same sequence.
    /// </summary>
    public int[] Picks(int seed, int stream, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = WorkloadRandom.Create(seed, stream);
        var total = Entries.Sum(entry => entry.Weight);
        var picks = new int[count];
        for (var i = 0; i < count; i++)
        {
            var draw = random.NextDouble() * total;
            var pick = 0;
            // the last entry takes whatever rounding leaves above the running sum
            while (pick < Entries.Count - 1 && draw >= Entries[pick].Weight)
            {
                draw -= Entries[pick].Weight;
                pick++;
            }
            picks[i] = pick;
        }
        return picks;
    }

    /// <summary>The mix as typed back: <c>a:3,b:1</c>, weights in invariant culture.</summary>
    public override string ToString() =>
        string.Join(",", Entries.Select(entry => entry.Name + ":" + entry.Weight.ToString("R", CultureInfo.InvariantCulture)));
}
