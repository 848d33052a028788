using System.Text.RegularExpressions;
using LlmLoad.Cli.Tests.Support;

namespace LlmLoad.Cli.Tests.Kubernetes;

/// <summary>docs/kubernetes.md shows what the product does: its manifests are the output of its command, and the files it names exist.</summary>
public sealed partial class KubernetesDocTests
{
    private const string DocPath = "docs/kubernetes.md";

    [Fact]
    public async Task The_documented_manifests_are_what_the_documented_command_prints()
    {
        // given the doc's `llmload kubernetes` command line and the YAML block after it
        var doc = RepositoryFile.ReadText(DocPath);
        var command = DocumentedCommand(doc);
        var documented = YamlBlock().Match(doc, doc.IndexOf("llmload kubernetes", StringComparison.Ordinal));
        Assert.True(documented.Success, $"{DocPath} has no ```yaml block after its `llmload kubernetes` command");

        // when the command runs at the time the doc says it ran
        var run = await KubernetesManifestRun.InvokeAsync(GeneratedAt(doc), command);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(documented.Groups["yaml"].Value, run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_image_the_doc_builds_runs_llmload_as_a_non_root_user()
    {
        // given
        var dockerfile = RepositoryFile.ReadText("Dockerfile");

        // then a multi-stage build: the SDK, then a runtime image that does not run as root
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        var runtimeStage = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.Matches(@"\nUSER \$APP_UID\n", runtimeStage);
        Assert.Contains("ENTRYPOINT [\"llmload\"]", runtimeStage);
        Assert.Contains("dotnet publish src/LlmLoad.Cli/LlmLoad.Cli.csproj", dockerfile);
    }

    [Fact]
    public void Every_file_the_dockerfile_copies_exists_and_is_not_ignored()
    {
        // given the COPY sources taken from the build context (not those from an earlier stage)
        var dockerfile = RepositoryFile.ReadText("Dockerfile");
        var ignored = RepositoryFile.ReadText(".dockerignore").Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Trim('/'))
            .ToList();
        var sources = CopyLine().Matches(dockerfile).SelectMany(match => match.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();

        // then
        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            Assert.True(File.Exists(RepositoryFile.PathOf(source)) || Directory.Exists(RepositoryFile.PathOf(source)), $"the Dockerfile copies {source}, which is not in the repository");
            Assert.DoesNotContain(source.TrimEnd('/').Split('/')[0], ignored);
        });
    }

    /// <summary>The arguments of the doc's <c>llmload kubernetes</c> line (continued with backslashes), without the redirection.</summary>
    private static string[] DocumentedCommand(string doc)
    {
        var start = doc.IndexOf("llmload kubernetes ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{DocPath} shows no `llmload kubernetes` command");
        var text = doc[start..doc.IndexOf("\n```", start, StringComparison.Ordinal)];
        var joined = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')[0];
        var words = joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var redirect = Array.IndexOf(words, ">");
        return words[2..(redirect < 0 ? words.Length : redirect)];
    }

    /// <summary>The clock reading the doc says the manifests were printed at.</summary>
    private static DateTimeOffset GeneratedAt(string doc)
    {
        var match = GeneratedAtNote().Match(doc);
        Assert.True(match.Success, $"{DocPath} does not say when its manifests were printed (\"printed at YYYY-MM-DDTHH:MM:SSZ\")");
        return DateTimeOffset.Parse(match.Groups["time"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"printed at (?<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")]
    private static partial Regex GeneratedAtNote();

    [GeneratedRegex(@"^COPY (?!--from)(?<sources>.+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
