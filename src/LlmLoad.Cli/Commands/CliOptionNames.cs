using System.Collections.Frozen;
using LlmLoad.Core.Validation;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// How the command line names the options Core validates: each <see cref="OptionField"/> to its flag, so a Core
/// problem reads <c>--input-tokens "x" must be ...</c> here and <c>workload.input_tokens "x" must be ...</c> in a study file.
/// </summary>
internal static class CliOptionNames
{
    private static readonly FrozenDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [OptionField.BaseUrl] = "--base-url",
        [OptionField.Api] = "--api",
        [OptionField.Headers] = "--header",
        [OptionField.Concurrency] = "--concurrency",
        [OptionField.Rate] = "--rate",
        [OptionField.NumRequests] = "--num-requests",
        [OptionField.Duration] = "--duration",
        [OptionField.Warmup] = "--warmup",
        [OptionField.NumSessions] = "--num-sessions",
        [OptionField.MaxContextTokens] = "--max-context-tokens",
        [OptionField.ThinkTime] = "--think-time",
        [OptionField.Dataset] = "--dataset",
        [OptionField.InputTokens] = "--input-tokens",
        [OptionField.OutputTokens] = "--output-tokens",
        [OptionField.PrefixTokens] = "--prefix-tokens",
        [OptionField.PrefixGroups] = "--prefix-groups",
        [OptionField.PrefixAssignment] = "--prefix-assignment",
        [OptionField.Tokenizer] = "--tokenizer",
        [OptionField.MultiTurn] = "--multi-turn",
        [OptionField.Turns] = "--turns",
        [OptionField.History] = "--history",
        [OptionField.RequestsPerLevel] = "--requests-per-level",
        [OptionField.AllowPartialLevels] = "--allow-partial-levels",
        [OptionField.Repeats] = "--repeats",
        [OptionField.RequestsScale] = "--requests-scale",
        [OptionField.ResetCmd] = "--reset-cmd",
        [OptionField.ResetShell] = "--reset-shell",
        [OptionField.ResetUrl] = "--reset-url",
        // no flags: set by code, named in words should a problem ever reach the user
        [OptionField.KneeFraction] = "knee fraction",
        [OptionField.MinSuccessRate] = "minimum success rate",
        [OptionField.MaxDeclineFraction] = "maximum throughput decline",
        [OptionField.Attainment] = "--attainment",
        [OptionField.ServerMetrics] = "--server-metrics",
        [OptionField.ScrapeInterval] = "--scrape-interval",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The flag of <paramref name="field"/>, e.g. <c>--input-tokens</c> for <c>input_tokens</c>.</summary>
    public static string Flag(string field) =>
        Flags.TryGetValue(field, out var flag) ? flag : throw new InvalidOperationException($"option field \"{field}\" has no command-line name");

    /// <summary>The problem as the command line says it: <c>--concurrency "0" must be at least 1.</c></summary>
    public static string Describe(OptionProblem problem) => problem.Describe(Flag);

    /// <summary>Each problem as the command line says it.</summary>
    public static IEnumerable<string> Describe(IEnumerable<OptionProblem> problems) => problems.Select(Describe);
}
