namespace LlmLoad.Simulator.Profiles;

/// <summary>Finds the known name closest to a mistyped one, for "did you mean" hints.</summary>
public static class NameSuggester
{
    /// <summary>
    /// The candidate with the smallest edit distance when it is close enough; otherwise the only candidate of the
    /// same family (same first word before a '-' or '_': "llama-8b" → "llama-4-scout-4gpu"); otherwise null.
    /// </summary>
    public static string? Suggest(string typed, IEnumerable<string> candidates)
    {
        var known = candidates as IReadOnlyCollection<string> ?? candidates.ToList();
        return Closest(typed, known) ?? OnlyOfFamily(typed, known);
    }

    private static string? OnlyOfFamily(string typed, IEnumerable<string> candidates)
    {
        var family = FirstWord(typed);
        var members = candidates.Where(candidate => family.Length > 0 && FirstWord(candidate).Equals(family, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return members.Count == 1 ? members[0] : null;
    }

    private static string FirstWord(string name)
    {
        var end = name.IndexOfAny(['-', '_']);
        return end < 0 ? name : name[..end];
    }

    private static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = candidate.Contains(typed, StringComparison.OrdinalIgnoreCase) ? 1 : Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // allow about one edit per three characters, and at least two
        return bestDistance <= Math.Max(2, typed.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
