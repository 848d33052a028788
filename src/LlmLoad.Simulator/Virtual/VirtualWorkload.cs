namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// The synthetic workload of a virtual-time run: prompts uniform in [min, max] tokens (plus the profile's
/// chat-template overhead) and a fixed max_tokens. The default is the seed article's baseline.
/// </summary>
public sealed record VirtualWorkload
{
    public int PromptTokensMin { get; init; } = 1;

    public int PromptTokensMax { get; init; } = 63;

    /// <summary>max_tokens of every request.</summary>
    public int OutputTokens { get; init; } = 100;

    /// <summary>When true every request generates exactly <see cref="OutputTokens"/>; when false it may end early (profile <c>eos_prob</c>).</summary>
    public bool IgnoreEos { get; init; } = true;

    /// <summary>The seed article's workload: 1–63 prompt tokens, 100 output tokens.</summary>
    public static VirtualWorkload SeedBaseline { get; } = new();

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

        return errors;
    }
}
