using System.Text.Json.Nodes;

namespace LlmLoad.Core.Reporting;

/// <summary>Reads a string from a JSON node; null when the node is missing or not a string.</summary>
internal static class JsonText
{
    public static string? Read(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
