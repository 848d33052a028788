namespace LlmLoad.Core.Transport;

/// <summary>A text property's value: a string, or where its UTF-8 lies in the payload; neither when absent or not a string.</summary>
internal readonly record struct TextField(string? String, PayloadRange InPayload, bool InPlace)
{
    public bool IsPresent => String is not null || InPlace;
}
