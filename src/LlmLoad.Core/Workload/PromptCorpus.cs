using System.Reflection;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The English prose synthetic prompts are cut from: the <c>Corpus/*.txt</c> files embedded in this
/// assembly (public-domain classics and original text, about 36 KB; see Corpus/SOURCES.md), in file-name
/// order, each followed by a blank line so that a prompt wrapping past the end reads as a new paragraph.
/// </summary>
internal static class PromptCorpus
{
    private const string ResourcePrefix = "LlmLoad.Core.Workload.Corpus.";

    private static readonly Lazy<string> _text = new(Load);

    public static string Text => _text.Value;

    private static string Load()
    {
        var assembly = typeof(PromptCorpus).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"no embedded corpus resources named {ResourcePrefix}*.txt in {assembly.GetName().Name}");
        }

        return string.Concat(names.Select(n => ReadResource(assembly, n).Trim() + "\n\n"));
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
