using System.Globalization;
using System.Text;

namespace LlmLoad.Core.Telemetry;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 and the parts of OpenMetrics 1.0 that engines emit
/// (prometheus/docs <c>content/docs/instrumenting/exposition_formats.md</c>; no maintained .NET parser is on NuGet:
/// prometheus-net and OpenTelemetry only write the format). Pure: text in, samples out.
/// </summary>
/// <remarks>
/// A line that cannot be read is skipped and named in <see cref="PrometheusExposition.Problems"/>, so one odd
/// metric never hides the rest of the page. Values: Go float syntax plus <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>;
/// an optional integer timestamp in ms follows; an OpenMetrics exemplar (<c># {...} v</c>) after the value is ignored.
/// DCGM's "no value" sentinel (about 9.22e18, dcgm-exporter README) is refused as a value.
/// </remarks>
public static class PrometheusTextParser
{
    /// <summary>Values this large are DCGM blank-value sentinels (DCGM_INT64_BLANK = 0x7ffffffffffffff0 and neighbours), not readings.</summary>
    private const double BlankSentinel = 9.2e18;

    public static PrometheusExposition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, PrometheusMetricType>(StringComparer.Ordinal);
        var problems = new List<string>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] == '#')
            {
                ReadComment(line, types);
                continue;
            }
            try
            {
                samples.Add(ReadSample(line));
            }
            catch (FormatException e)
            {
                problems.Add($"line {lineNumber}: {e.Message}");
            }
        }
        return new PrometheusExposition(samples, types, problems);
    }

    /// <summary>Only <c># TYPE</c> carries meaning for reading; <c># HELP</c>, <c># UNIT</c>, <c># EOF</c> and free comments are skipped.</summary>
    private static void ReadComment(string line, Dictionary<string, PrometheusMetricType> types)
    {
        var parts = line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && parts[1] == "TYPE")
        {
            types[parts[2]] = parts[3].Trim().ToLowerInvariant() switch
            {
                "counter" => PrometheusMetricType.Counter,
                "gauge" => PrometheusMetricType.Gauge,
                "histogram" => PrometheusMetricType.Histogram,
                "summary" => PrometheusMetricType.Summary,
                _ => PrometheusMetricType.Untyped,
            };
        }
    }

    private static PrometheusSample ReadSample(string line)
    {
        var position = 0;
        var name = ReadName(line, ref position, "metric name");
        var labels = new List<KeyValuePair<string, string>>();
        if (position < line.Length && line[position] == '{')
        {
            position++;
            ReadLabels(line, ref position, labels);
        }
        var rest = line[position..].Trim();
        // an OpenMetrics exemplar follows " # "; it is not part of the sample
        var exemplar = rest.IndexOf(" # ", StringComparison.Ordinal);
        if (exemplar >= 0)
        {
            rest = rest[..exemplar];
        }
        var fields = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2)
        {
            throw new FormatException($"{name}: expected a value and an optional timestamp after the name, found \"{Shorten(rest)}\"");
        }
        var value = ReadValue(fields[0], name);
        long? timestamp = null;
        if (fields.Length == 2)
        {
            // OpenMetrics writes seconds with a fraction; the 0.0.4 format writes integer milliseconds
            if (long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                timestamp = ms;
            }
            else if (double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
            {
                timestamp = (long)Math.Round(seconds * 1000);
            }
            else
            {
                throw new FormatException($"{name}: timestamp \"{Shorten(fields[1])}\" is not a number");
            }
        }
        return new PrometheusSample(name, labels, value, timestamp);
    }

    private static double ReadValue(string text, string name)
    {
        var value = text switch
        {
            "+Inf" or "Inf" or "+inf" or "inf" => double.PositiveInfinity,
            "-Inf" or "-inf" => double.NegativeInfinity,
            "NaN" or "nan" => double.NaN,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new FormatException($"{name}: value \"{Shorten(text)}\" is not a number"),
        };
        if (Math.Abs(value) >= BlankSentinel && double.IsFinite(value))
        {
            throw new FormatException($"{name}: value {text} is a blank-value sentinel, not a reading");
        }
        return value;
    }

    private static string ReadName(string line, ref int position, string what)
    {
        var start = position;
        while (position < line.Length && (char.IsAsciiLetter(line[position]) || line[position] is '_' or ':'
            || (position > start && char.IsAsciiDigit(line[position]))))
        {
            position++;
        }
        if (position == start)
        {
            throw new FormatException($"expected a {what} at column {start + 1}, found \"{Shorten(line[start..])}\"");
        }
        return line[start..position];
    }

    /// <summary>Reads <c>a="x",b="y"}</c> (trailing comma allowed); values unescape <c>\\</c>, <c>\"</c> and <c>\n</c>.</summary>
    private static void ReadLabels(string line, ref int position, List<KeyValuePair<string, string>> labels)
    {
        while (true)
        {
            SkipSpaces(line, ref position);
            if (position < line.Length && line[position] == '}')
            {
                position++;
                return;
            }
            var label = ReadName(line, ref position, "label name");
            SkipSpaces(line, ref position);
            Expect(line, ref position, '=');
            SkipSpaces(line, ref position);
            Expect(line, ref position, '"');
            var value = new StringBuilder();
            while (true)
            {
                if (position >= line.Length)
                {
                    throw new FormatException($"label {label}: the value has no closing quote");
                }
                var c = line[position++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\' && position < line.Length)
                {
                    var escaped = line[position++];
                    value.Append(escaped switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"label {label}: unknown escape \\{escaped}") });
                    continue;
                }
                value.Append(c);
            }
            labels.Add(new(label, value.ToString()));
            SkipSpaces(line, ref position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position >= line.Length || line[position] != '}')
            {
                throw new FormatException($"label {label}: expected ',' or '}}' after the value");
            }
        }
    }

    private static void Expect(string line, ref int position, char expected)
    {
        if (position >= line.Length || line[position] != expected)
        {
            throw new FormatException($"expected '{expected}' at column {position + 1}");
        }
        position++;
    }

    private static void SkipSpaces(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
