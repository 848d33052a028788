using System.Reflection;

namespace LlmLoad.Core.Running;

/// <summary>The tool's name and version, as stamped into every result file.</summary>
public static class ToolInfo
{
    public const string Name = "llmload";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
