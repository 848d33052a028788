using System.Text.Json;

namespace LlmLoad.Core.Transport;

/// <summary>
/// The per-event fast path of <see cref="OpenAiResponseParser.ParseStreamData"/>: one forward pass of
/// <see cref="Utf8JsonReader"/> over an ordinary chunk, instead of <c>JsonDocument</c>, which validates, copies and
/// re-parses the value before any property is read (993 ns vs 297 ns per content chunk, 14% of the client's CPU
/// under load; BENCHMARKS.md § "Micro-benchmarks"). Anything unusual (an <c>error</c> member, a non-object <c>choices[0]</c>,
/// invalid JSON, a chunk with neither choices nor usage) is left to the full parser, so every unusual result,
/// including every error message, stays the full parser's.
/// </summary>
internal static class OrdinaryChunkReader
{
    /// <summary>Reads an ordinary chunk in one pass; false (or an exception) sends the caller to the full parser.</summary>
    /// <param name="textInPlace">
    /// Leave unescaped text where it lies in <paramref name="json"/> (<see cref="StreamEvent.ContentInPayload"/>, positions plus
    /// <paramref name="payloadOffset"/>) instead of making a string of it: one string per token event was a quarter
    /// of what the client allocated. Escaped text still becomes a string.
    /// </param>
    public static bool TryRead(ReadOnlySpan<byte> json, out StreamEvent parsed, bool textInPlace = false, int payloadOffset = 0)
    {
        parsed = default;
        var reader = new Utf8JsonReader(json);
        var text = new TextReading(textInPlace, payloadOffset);
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
                    if (!ReadFirstChoice(ref reader, ref choice, text))
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
                    ReadUsage(ref reader, "prompt_tokens"u8, "completion_tokens"u8, ref promptTokens, ref completionTokens);
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
        // the full parser's preferences: delta content over text, reasoning_content over reasoning (an empty string counts)
        var content = choice.Content.IsPresent ? choice.Content : choice.Text;
        var reasoning = choice.ReasoningContent.IsPresent ? choice.ReasoningContent : choice.Reasoning;
        parsed = new StreamEvent(StreamEventKind.Chunk, content.String, reasoning.String, choice.FinishReason, promptTokens, completionTokens)
        {
            ContentInPayload = content.InPayload,
            ReasoningInPayload = reasoning.InPayload,
        };
        return true;
    }

    /// <summary>Reads <c>choices[0]</c> and skips the rest of the array; false when the first element is not an object.</summary>
    private static bool ReadFirstChoice(ref Utf8JsonReader reader, ref ChoiceFields choice, TextReading text)
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
                    ReadDelta(ref reader, ref choice, text);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                choice.Text = text.Read(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                choice.FinishReason = TextReading.AsStrings.Read(ref reader).String;
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

    private static void ReadDelta(ref Utf8JsonReader reader, ref ChoiceFields choice, TextReading text)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                choice.Content = text.Read(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                choice.ReasoningContent = text.Read(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                choice.Reasoning = text.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads a usage object's two counts, under the names its API gives them (chat: prompt_tokens, completion_tokens).</summary>
    internal static void ReadUsage(ref Utf8JsonReader reader, ReadOnlySpan<byte> promptName, ReadOnlySpan<byte> completionName,
        ref int? promptTokens, ref int? completionTokens)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(promptName))
            {
                promptTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals(completionName))
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

    internal static int? ReadInt(ref Utf8JsonReader reader)
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
        public TextField Content;
        public TextField Text;
        public TextField ReasoningContent;
        public TextField Reasoning;
        public string? FinishReason;
    }
}
