using System.Text.Json;
using System.Text.Json.Serialization;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Reporting;

/// <summary>The one JSON shape of <see cref="RequestRecord"/> in <c>requests.jsonl</c>: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RequestRecord))]
internal sealed partial class RecordJsonContext : JsonSerializerContext;

public static class RecordJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static void Write(Utf8JsonWriter writer, RequestRecord record) =>
        JsonSerializer.Serialize(writer, record, Options);

    public static RequestRecord? Read(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize(line, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<RequestRecord>)Options.GetTypeInfo(typeof(RequestRecord)));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(RecordJsonContext.Default.Options);
        // outcome names are the snake_case error classes of metrics.md ("timeout_ttft")
        options.Converters.Add(new JsonStringEnumConverter<RequestOutcome>(JsonNamingPolicy.SnakeCaseLower));
        options.TypeInfoResolver = RecordJsonContext.Default;
        return options;
    }
}
