namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// The synthetic workload of a virtual-time run: prompts uniform in [min, max] tokens (plus the profile's
/// chat-template overhead) and a fixed max_tokens. The default is the published study's baseline.
/// </summary>
/// <remarks>
/// Multi-turn sessions: each virtual user runs sessions of <see cref="TurnsPerSession"/> turns back to
/// back. Turn k's prompt is turn k − 1's prompt (without the template), the reply actually generated
/// for it, and a new user input of [min, max] tokens, so it shares turn k − 1's prompt as its prefix;
/// the user waits <see cref="ThinkTimeMs"/> between a reply and the next turn. A session whose next
/// prompt would not fit in <c>max_model_len</c> ends early, and a failed turn ends its session.
/// Shared prefixes: every prompt starts with one of <see cref="PrefixGroups"/> prefixes of
/// <see cref="PrefixTokens"/> tokens, chosen uniformly per session. Prompts that share nothing (one turn,
/// no prefix) have distinct content, so the prefix cache never hits and the calibration holds.
/// </remarks>
public sealed record VirtualWorkload
{
    public int PromptTokensMin { get; init; } = 1;

    public int PromptTokensMax { get; init; } = 63;

    /// <summary>max_tokens of every request.</summary>
    public int OutputTokens { get; init; } = 100;

    /// <summary>When true every request generates exactly <see cref="OutputTokens"/>; when false it may end early (profile <c>eos_prob</c>).</summary>
    public bool IgnoreEos { get; init; } = true;

    /// <summary>Turns per session; 1 for independent single-turn requests.</summary>
    public int TurnsPerSession { get; init; } = 1;

    /// <summary>Time between a reply's last token and the session's next turn, in ms (the mean when exponential).</summary>
    public double ThinkTimeMs { get; init; }

    /// <summary>Draw think times from an exponential distribution with mean <see cref="ThinkTimeMs"/> instead of using it as is.</summary>
    public bool ThinkTimeIsExponential { get; init; }

    /// <summary>Tokens of the shared prefix at the start of every prompt (0 for none).</summary>
    public int PrefixTokens { get; init; }

    /// <summary>Distinct shared prefixes; each session uses one, chosen uniformly.</summary>
    public int PrefixGroups { get; init; } = 1;

    /// <summary>True when prompts can share content (sessions or a shared prefix), so they carry block hashes.</summary>
    public bool SharesContent => TurnsPerSession > 1 || PrefixTokens > 0;

    /// <summary>The published study's workload: 1–63 prompt tokens, 100 output tokens.</summary>
    public static VirtualWorkload StudyBaseline { get; } = new();

    /// <summary>All problems, one line each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PromptTokensMin < 1)
        {
            errors.Add($"prompt tokens minimum must be at least 1, got {PromptTokensMin}.");
        }

        if (PromptTokensMax < PromptTokensMin)
        {
            errors.Add($"prompt tokens maximum ({PromptTokensMax}) must be at least the minimum ({PromptTokensMin}).");
        }

        if (OutputTokens < 1)
        {
            errors.Add($"output tokens must be at least 1, got {OutputTokens}.");
        }

        if (TurnsPerSession < 1)
        {
            errors.Add($"turns per session must be at least 1, got {TurnsPerSession}.");
        }

        if (!(ThinkTimeMs >= 0) || double.IsInfinity(ThinkTimeMs))
        {
            errors.Add($"think time must be a finite number of ms of at least 0, got {ThinkTimeMs}.");
        }

        if (PrefixTokens < 0)
        {
            errors.Add($"prefix tokens must be at least 0, got {PrefixTokens}.");
        }

        if (PrefixGroups < 1)
        {
            errors.Add($"prefix groups must be at least 1, got {PrefixGroups}.");
        }

        return errors;
    }
}
