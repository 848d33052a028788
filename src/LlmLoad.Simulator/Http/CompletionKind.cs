namespace LlmLoad.Simulator.Http;

/// <summary>The two OpenAI generation endpoints.</summary>
internal enum CompletionKind
{
    /// <summary><c>/v1/chat/completions</c>: messages in, <c>chat.completion(.chunk)</c> out.</summary>
    Chat,

    /// <summary><c>/v1/completions</c>: prompt in, <c>text_completion</c> out.</summary>
    Text,
}
