namespace LlmLoad.Simulator.Http;

/// <summary>The generation endpoints: OpenAI's chat, text completion and Responses, and Anthropic's Messages.</summary>
internal enum CompletionKind
{
    /// <summary><c>/v1/chat/completions</c>: messages in, <c>chat.completion(.chunk)</c> out.</summary>
    Chat,

    /// <summary><c>/v1/completions</c>: prompt in, <c>text_completion</c> out.</summary>
    Text,

    /// <summary><c>/v1/responses</c>: <c>input</c> in, <c>response.*</c> events out (streamed only).</summary>
    Responses,

    /// <summary><c>/v1/messages</c> (Anthropic): <c>messages</c> and <c>system</c> in, <c>message_*</c> and <c>content_block_*</c> events out (streamed only).</summary>
    Messages,
}
