using System.Diagnostics.CodeAnalysis;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>The parsed <c>--dataset</c> value: <c>synthetic</c>, <c>sharegpt:PATH</c> or <c>jsonl:PATH</c>.</summary>
/// <param name="Kind">Where the prompts come from.</param>
/// <param name="Path">The file, as the user typed it; null for <see cref="DatasetKind.Synthetic"/>.</param>
public sealed record DatasetSpec(DatasetKind Kind, string? Path)
{
    private const string ExpectedForms = "synthetic, sharegpt:PATH or jsonl:PATH";

    /// <summary>Parses a <c>--dataset</c> value (keywords are case-insensitive; the path is kept as typed).</summary>
    public static bool TryParse(string spec, [NotNullWhen(true)] out DatasetSpec? result, [NotNullWhen(false)] out OptionProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(spec);
        result = null;
        problem = null;
        var text = spec.Trim();
        if (text.Equals("synthetic", StringComparison.OrdinalIgnoreCase))
        {
            result = new DatasetSpec(DatasetKind.Synthetic, null);
            return true;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var keyword = colon < 0 ? text : text[..colon];
        var kind = keyword.ToLowerInvariant() switch
        {
            "sharegpt" => DatasetKind.ShareGpt,
            "jsonl" => DatasetKind.Jsonl,
            _ => (DatasetKind?)null,
        };
        if (kind is null)
        {
            problem = new(OptionField.Dataset, spec, $"must be {ExpectedForms}.");
            return false;
        }

        var path = colon < 0 ? "" : text[(colon + 1)..];
        if (path.Length == 0)
        {
            var example = kind == DatasetKind.ShareGpt ? "sharegpt:ShareGPT_V3_unfiltered_cleaned_split.json" : "jsonl:prompts.jsonl";
            problem = new(OptionField.Dataset, spec, $"needs a file path after \"{keyword}:\" (e.g. {example}).");
            return false;
        }

        result = new DatasetSpec(kind.Value, path);
        return true;
    }

    public override string ToString() => Kind switch
    {
        DatasetKind.Synthetic => "synthetic",
        DatasetKind.ShareGpt => $"sharegpt:{Path}",
        _ => $"jsonl:{Path}",
    };
}
