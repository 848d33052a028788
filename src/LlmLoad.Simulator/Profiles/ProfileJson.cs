using System.Text;
using System.Text.Json;

namespace LlmLoad.Simulator.Profiles;

/// <summary>
/// The JSON form of a <see cref="SimulatorProfile"/>: one table of keys, used to read profile files
/// (embedded and custom) and to write a profile back out.
/// </summary>
/// <remarks>
/// A file may start from a shipped profile with <c>"base": "gpt-oss-20b"</c> and override single keys.
/// Unknown keys and values of the wrong type are reported, all at once, as one line each.
/// </remarks>
public static class ProfileJson
{
    /// <summary>The key that names the shipped profile a file starts from.</summary>
    public const string BaseKey = "base";

    private enum FieldKind { Text, Integer, Number, Boolean }

    private sealed record Field(
        string Key,
        FieldKind Kind,
        Func<SimulatorProfile, object> Get,
        Func<SimulatorProfile, object, SimulatorProfile> Set);

    private static readonly Field[] s_fields =
    [
        Text("name", p => p.Name, (p, v) => p with { Name = v }),
        Text("description", p => p.Description, (p, v) => p with { Description = v }),
        Text("served_model_name", p => p.ServedModelName, (p, v) => p with { ServedModelName = v }),
        Number("frontend_ms", p => p.FrontendMs, (p, v) => p with { FrontendMs = v }),
        Number("frontend_cv", p => p.FrontendCv, (p, v) => p with { FrontendCv = v }),
        Integer("soft_inflight", p => p.SoftInflight, (p, v) => p with { SoftInflight = v }),
        Integer("hard_inflight", p => p.HardInflight, (p, v) => p with { HardInflight = v }),
        Number("drop_pmax", p => p.DropPmax, (p, v) => p with { DropPmax = v }),
        Number("first_byte_timeout_s", p => p.FirstByteTimeoutSeconds, (p, v) => p with { FirstByteTimeoutSeconds = v }),
        Integer("max_waiting", p => p.MaxWaiting, (p, v) => p with { MaxWaiting = v }),
        Number("reject_ms", p => p.RejectMs, (p, v) => p with { RejectMs = v }),
        Number("client_retry_backoff_ms", p => p.ClientRetryBackoffMs, (p, v) => p with { ClientRetryBackoffMs = v }),
        Number("inject_error_rate", p => p.InjectErrorRate, (p, v) => p with { InjectErrorRate = v }),
        Number("disconnect_rate", p => p.DisconnectRate, (p, v) => p with { DisconnectRate = v }),
        Number("malformed_event_rate", p => p.MalformedEventRate, (p, v) => p with { MalformedEventRate = v }),
        Number("slow_first_byte_ms", p => p.SlowFirstByteMs, (p, v) => p with { SlowFirstByteMs = v }),
        Integer("max_num_seqs", p => p.MaxNumSeqs, (p, v) => p with { MaxNumSeqs = v }),
        Integer("max_num_batched_tokens", p => p.MaxNumBatchedTokens, (p, v) => p with { MaxNumBatchedTokens = v }),
        Integer("block_size", p => p.BlockSize, (p, v) => p with { BlockSize = v }),
        Boolean("prefix_caching", p => p.PrefixCaching, (p, v) => p with { PrefixCaching = v }),
        Integer("kv_capacity_tokens", p => p.KvCapacityTokens, (p, v) => p with { KvCapacityTokens = v }),
        Number("watermark", p => p.Watermark, (p, v) => p with { Watermark = v }),
        Integer("prompt_overhead_tokens", p => p.PromptOverheadTokens, (p, v) => p with { PromptOverheadTokens = v }),
        Integer("max_model_len", p => p.MaxModelLen, (p, v) => p with { MaxModelLen = v }),
        Number("t0_ms", p => p.T0Ms, (p, v) => p with { T0Ms = v }),
        Number("w_dense_ms", p => p.WDenseMs, (p, v) => p with { WDenseMs = v }),
        Number("w_expert_ms", p => p.WExpertMs, (p, v) => p with { WExpertMs = v }),
        Integer("n_experts", p => p.NExperts, (p, v) => p with { NExperts = v }),
        Integer("top_k", p => p.TopK, (p, v) => p with { TopK = v }),
        Number("tau_c_us", p => p.TauCUs, (p, v) => p with { TauCUs = v }),
        Number("tau_kv_us_per_ktok", p => p.TauKvUsPerKtok, (p, v) => p with { TauKvUsPerKtok = v }),
        Number("tau_seq_us", p => p.TauSeqUs, (p, v) => p with { TauSeqUs = v }),
        Number("tau_sys_us", p => p.TauSysUs, (p, v) => p with { TauSysUs = v }),
        Number("step_cv", p => p.StepCv, (p, v) => p with { StepCv = v }),
        Number("hiccup_prob", p => p.HiccupProb, (p, v) => p with { HiccupProb = v }),
        Number("hiccup_ms", p => p.HiccupMs, (p, v) => p with { HiccupMs = v }),
        Number("merge_prob", p => p.MergeProb, (p, v) => p with { MergeProb = v }),
        Number("eos_prob", p => p.EosProb, (p, v) => p with { EosProb = v }),
        Boolean("coalesce_chunks", p => p.CoalesceChunks, (p, v) => p with { CoalesceChunks = v }),
    ];

    private static readonly Dictionary<string, Field> s_byKey = s_fields.ToDictionary(f => f.Key, StringComparer.Ordinal);

    /// <summary>Every key a profile file may contain, in file order (including <see cref="BaseKey"/>).</summary>
    public static IReadOnlyList<string> Keys { get; } = [BaseKey, .. s_fields.Select(f => f.Key)];

    /// <summary>
    /// Applies the keys of a JSON object to <paramref name="start"/>. The <see cref="BaseKey"/> key is
    /// skipped (the caller resolves it first). Problems are appended to <paramref name="errors"/>, each
    /// prefixed with <paramref name="source"/>.
    /// </summary>
    internal static SimulatorProfile Apply(SimulatorProfile start, JsonElement root, string source, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{source}: expected a JSON object with profile keys, got {Describe(root)}.");
            return start;
        }

        var profile = start;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == BaseKey)
            {
                continue;
            }

            if (!s_byKey.TryGetValue(property.Name, out var field))
            {
                var hint = NameSuggester.Suggest(property.Name, Keys);
                errors.Add($"{source}: unknown key \"{property.Name}\"" + (hint is null ? "." : $"; did you mean \"{hint}\"?"));
                continue;
            }

            if (TryRead(field.Kind, property.Value, out var value))
            {
                profile = field.Set(profile, value);
            }
            else
            {
                errors.Add($"{source}: \"{field.Key}\" must be {KindText(field.Kind)}, got {Describe(property.Value)}.");
            }
        }

        return profile;
    }

    /// <summary>Writes every key of the profile as an indented JSON object (invariant culture).</summary>
    public static string Write(SimulatorProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var field in s_fields)
            {
                var value = field.Get(profile);
                switch (value)
                {
                    case string s: writer.WriteString(field.Key, s); break;
                    case int i: writer.WriteNumber(field.Key, i); break;
                    case double d: writer.WriteNumber(field.Key, d); break;
                    case bool b: writer.WriteBoolean(field.Key, b); break;
                    default: throw new InvalidOperationException($"Profile key {field.Key} has an unsupported type.");
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool TryRead(FieldKind kind, JsonElement element, out object value)
    {
        value = null!;
        switch (kind)
        {
            case FieldKind.Text when element.ValueKind == JsonValueKind.String:
                value = element.GetString()!;
                return true;
            case FieldKind.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            case FieldKind.Number when element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var d):
                value = d;
                return true;
            case FieldKind.Integer when element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var n)
                                        && n == Math.Floor(n) && n >= int.MinValue && n <= int.MaxValue:
                // accepts 1.1e6 as well as 1100000
                value = (int)n;
                return true;
            default:
                return false;
        }
    }

    private static string KindText(FieldKind kind) => kind switch
    {
        FieldKind.Text => "a string",
        FieldKind.Integer => "an integer",
        FieldKind.Number => "a number",
        _ => "true or false",
    };

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static Field Text(string key, Func<SimulatorProfile, string> get, Func<SimulatorProfile, string, SimulatorProfile> set) =>
        new(key, FieldKind.Text, p => get(p), (p, v) => set(p, (string)v));

    private static Field Integer(string key, Func<SimulatorProfile, int> get, Func<SimulatorProfile, int, SimulatorProfile> set) =>
        new(key, FieldKind.Integer, p => get(p), (p, v) => set(p, (int)v));

    private static Field Number(string key, Func<SimulatorProfile, double> get, Func<SimulatorProfile, double, SimulatorProfile> set) =>
        new(key, FieldKind.Number, p => get(p), (p, v) => set(p, (double)v));

    private static Field Boolean(string key, Func<SimulatorProfile, bool> get, Func<SimulatorProfile, bool, SimulatorProfile> set) =>
        new(key, FieldKind.Boolean, p => get(p), (p, v) => set(p, (bool)v));
}
