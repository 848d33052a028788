using System.Collections.Frozen;
using System.Reflection;

namespace LlmLoad.Core.Validation;

/// <summary>
/// The neutral names of the options that Core validates, as <see cref="OptionProblem.Field"/> carries them:
/// snake_case, as vLLM spells its keys and as study files spell theirs. The command line maps each to its flag.
/// </summary>
public static class OptionField
{
    // endpoint
    public const string BaseUrl = "base_url";
    public const string Api = "api";
    public const string Headers = "headers";

    // load
    public const string Concurrency = "concurrency";
    public const string Rate = "rate";
    public const string NumRequests = "num_requests";
    public const string Duration = "duration";
    public const string Warmup = "warmup";
    public const string NumSessions = "num_sessions";
    public const string MaxContextTokens = "max_context_tokens";
    public const string ThinkTime = "think_time";

    // workload
    public const string Dataset = "dataset";
    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
    public const string PrefixTokens = "prefix_tokens";
    public const string PrefixGroups = "prefix_groups";
    public const string PrefixAssignment = "prefix_assignment";
    public const string Tokenizer = "tokenizer";
    public const string MultiTurn = "multi_turn";
    public const string Turns = "turns";
    public const string History = "history";

    // sweep
    public const string RequestsPerLevel = "requests_per_level";
    public const string AllowPartialLevels = "allow_partial_levels";
    public const string Repeats = "repeats";
    public const string RequestsScale = "requests_scale";
    public const string ResetCmd = "reset_cmd";
    public const string ResetShell = "reset_shell";
    public const string ResetUrl = "reset_url";

    // sweep analysis: not flags, set by code (attainment is checked by the front ends first)
    public const string KneeFraction = "knee_fraction";
    public const string MinSuccessRate = "min_success_rate";
    public const string MaxDeclineFraction = "max_decline_fraction";
    public const string Attainment = "attainment";

    // server metrics
    public const string ServerMetrics = "server_metrics";
    public const string ScrapeInterval = "scrape_interval";

    /// <summary>Every name above; a front end's map names each of them.</summary>
    public static FrozenSet<string> All { get; } = typeof(OptionField)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToFrozenSet(StringComparer.Ordinal);
}
