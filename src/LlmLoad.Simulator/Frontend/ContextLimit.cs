using System.Globalization;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Frontend;

/// <summary>
/// vLLM's context check, made before admission: a request whose prompt (with the chat template's overhead) plus
/// max_tokens exceeds <c>max_model_len</c> is refused with HTTP 400 and never reaches the engine. The HTTP parser
/// and virtual time both ask this one rule, so a prediction refuses exactly the requests the server refuses.
/// </summary>
public static class ContextLimit
{
    /// <param name="promptTokens">Prompt tokens as the engine sees them, the chat overhead included.</param>
    /// <param name="maxTokens">The request's max_tokens.</param>
    public static bool Fits(SimulatorProfile profile, int promptTokens, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return (long)promptTokens + maxTokens <= profile.MaxModelLen;
    }

    /// <summary>The 400 message of a request that does not fit, in vLLM's words.</summary>
    public static string Refusal(SimulatorProfile profile, int promptTokens, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return string.Create(CultureInfo.InvariantCulture,
            $"This model's maximum context length is {profile.MaxModelLen} tokens. However, you requested {promptTokens + (long)maxTokens} tokens ({promptTokens} in the messages, {maxTokens} in the completion). Please reduce the length of the messages or completion.");
    }
}
