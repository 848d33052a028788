using System.Text.Json.Nodes;

namespace LlmLoad.Core.Reporting;

/// <summary>Reads a number from a JSON node, whether parsed from text or built in code (an int, long or decimal value).</summary>
internal static class JsonNumber
{
    public static double? Read(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out double d) => d,
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v when v.TryGetValue(out decimal m) => (double)m,
        _ => null,
    };
}
