using System.Globalization;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>How many measured requests failed with one error class (and, when set, one HTTP status).</summary>
public sealed record ErrorCount(RequestOutcome Outcome, int? HttpStatus, int Count)
{
    /// <summary>The error class name of metrics.md, e.g. <c>http_status</c>.</summary>
    public string ClassName => Outcome.ToName();

    /// <summary>The class, followed by the status when there is one: <c>http_status 503</c>.</summary>
    public string Label => LabelOf(Outcome, HttpStatus);

    /// <summary>The label of a class and status, as <see cref="Label"/> writes it.</summary>
    public static string LabelOf(RequestOutcome outcome, int? httpStatus) => httpStatus is { } status
        ? outcome.ToName() + " " + status.ToString(CultureInfo.InvariantCulture)
        : outcome.ToName();
}
