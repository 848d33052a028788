using System.Text.Json;

namespace LlmLoad.Core.Transport;

/// <summary>How text values are taken: as strings, or left in place when they need no unescaping.</summary>
internal readonly record struct TextReading(bool InPlace, int PayloadOffset)
{
    /// <summary>Every value as a string, or null when it is not one.</summary>
    public static TextReading AsStrings => default;

    /// <summary>Reads the property's value (moving past it); invalid UTF-8 throws as <c>GetString</c> does, for the full parser to word.</summary>
    public TextField Read(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }
        if (InPlace && !reader.ValueIsEscaped && System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
        {
            // a string token starts at its opening quote
            return new TextField(null, new PayloadRange(PayloadOffset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length), true);
        }
        return new TextField(reader.GetString(), default, false);
    }
}
