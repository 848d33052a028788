using System.Text.Json.Nodes;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// What a run or a sweep is called in its titles, tables and readings: its model mix as its configuration's
/// <c>models</c> writes it (<c>--model a:3,b:1</c> reads <c>a:3,b:1</c>), else its <c>model</c>. The mix is named whole,
/// not by its first model, whose id <c>model</c> also holds. Read from the configuration, so a result just measured and
/// the same result drawn again from its files carry the same label.
/// </summary>
public static class ModelLabel
{
    /// <summary>The label the configuration (summary.json's or sweep.json's <c>config</c>) gives; null when it names no model.</summary>
    public static string? Of(JsonObject? configuration) => Text(configuration?["models"]) ?? Text(configuration?["model"]);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0 ? text : null;
}
