using System.Text.Json;

namespace LlmLoad.Core.Transport;

/// <summary>
/// The per-event fast path of <see cref="OpenAiResponseParser.ParseStreamData"/>: one forward pass of
/// <see cref="Utf8JsonReader"/> over an ordinary chunk, instead of <c>JsonDocument</c>, which validates, copies and
/// re-parses the value before any property is read (993 ns vs 269 ns per content chunk, 14% of the client's CPU
/// under load; BENCHMARKS.md, fix 1). Anything unusual (an <c>error</c> member, a non-object <c>choices[0]</c>,
/// invalid JSON, a chunk with neither choices nor usage) is left to the full parser, so every unusual result,
/// including every error message, stays the full parser's.
/// </summary>
internal static class ChunkFastPath
{
    /// <summary>Reads an ordinary chunk in one pass; false (or an exception) sends the caller to the full parser.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out StreamEvent parsed)
    {
        parsed = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        var choice = new ChoiceFields();
        int? promptTokens = null, completionTokens = null;
        var hasChoices = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    hasChoices = true;
                    if (!ReadFirstChoice(ref reader, ref choice))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadUsage(ref reader, ref promptTokens, ref completionTokens);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || (!hasChoices && completionTokens is null))
        {
            return false;
        }
        parsed = new StreamEvent(StreamEventKind.Chunk, choice.Content ?? choice.Text, choice.ReasoningContent ?? choice.Reasoning,
            choice.FinishReason, promptTokens, completionTokens);
        return true;
    }

    /// <summary>Reads <c>choices[0]</c> and skips the rest of the array; false when the first element is not an object.</summary>
    private static bool ReadFirstChoice(ref Utf8JsonReader reader, ref ChoiceFields choice)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDelta(ref reader, ref choice);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                choice.Text = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                choice.FinishReason = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
        }
        return true;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref ChoiceFields choice)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                choice.Content = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                choice.ReasoningContent = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                choice.Reasoning = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadUsage(ref Utf8JsonReader reader, ref int? promptTokens, ref int? completionTokens)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                promptTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completionTokens = ReadInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>The property's value when it is a string, else null (as the current parser's GetString); moves past the value.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var number) ? number : null;
        }
        reader.Skip();
        return null;
    }

    /// <summary>Fields of <c>choices[0]</c>; the current parser prefers delta content over text, reasoning_content over reasoning.</summary>
    private struct ChoiceFields
    {
        public string? Content;
        public string? Text;
        public string? ReasoningContent;
        public string? Reasoning;
        public string? FinishReason;
    }
}
