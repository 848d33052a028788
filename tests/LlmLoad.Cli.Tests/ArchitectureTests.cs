using Mono.Cecil;
using Mono.Cecil.Cil;

using LlmLoad.Core.Reporting;
namespace LlmLoad.Cli.Tests;

/// <summary>
/// The layering of ARCHITECTURE.md, read from the compiled assemblies: which of our namespaces each type's
/// signatures and method bodies reference. A component is a project's top-level folder (LlmLoad.Core.Transport
/// holds LlmLoad.Core.Transport.Http1); the CLI is one component, since nothing depends on it.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Code that computes from data it is given: no clock, no files, no network, no console.</summary>
    private static readonly string[] Pure =
    [
        "LlmLoad.Core.Metrics", "LlmLoad.Core.Sweep", "LlmLoad.Core.Recording", "LlmLoad.Core.Schedules", "LlmLoad.Simulator.Engine",
    ];

    /// <summary>Our components that touch the network, files, the clock or the console.</summary>
    private static readonly string[] WithIo =
    [
        "LlmLoad.Core.Transport", "LlmLoad.Core.Load", "LlmLoad.Core.Running", "LlmLoad.Core.Reporting", "LlmLoad.Core.Sharding", "LlmLoad.Core.Study",
        "LlmLoad.Simulator.Hosting", "LlmLoad.Simulator.Http", "LlmLoad.Cli",
    ];

    /// <summary>Framework types and members that reach outside the process or read the time.</summary>
    private static readonly string[] IoNamespaces = ["System.IO", "System.Net"];
    private static readonly string[] IoTypes =
    [
        "System.Console", "System.Diagnostics.Stopwatch", "System.TimeProvider", "System.Diagnostics.Process",
    ];
    private static readonly string[] IoMembers =
    [
        "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow",
        "System.Environment::get_TickCount", "System.Environment::get_TickCount64",
    ];

    private static readonly Lazy<IReadOnlyList<Reference>> References = new(ReadReferences);

    [Fact]
    public void No_two_components_depend_on_each_other()
    {
        // given the component graph
        var edges = References.Value
            .Select(reference => (From: Component(reference.From), To: Component(reference.To)))
            .Where(edge => edge.To is not null && edge.From != edge.To)
            .Distinct()
            .ToLookup(edge => edge.From, edge => edge.To!);

        // when
        var cycles = StronglyConnected(edges).Where(component => component.Count > 1).ToList();

        // then
        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(cycle => Explain(cycle))));
    }

    [Fact]
    public void Pure_components_take_no_io()
    {
        // when
        var offences = References.Value
            .Where(reference => Pure.Contains(Component(reference.From)))
            .Where(reference => IsIo(reference.To, reference.Member))
            .Select(reference => $"{reference.FromType} uses {reference.Member}")
            .Distinct()
            .Order()
            .ToList();

        // then
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    private static bool IsIo(string ns, string typeAndMember)
    {
        string? ours = Component(ns);
        if (ours is not null)
        {
            return WithIo.Any(io => ours == io || ours.StartsWith(io + ".", StringComparison.Ordinal));
        }
        return IoNamespaces.Any(io => ns == io || ns.StartsWith(io + ".", StringComparison.Ordinal))
            || IoTypes.Any(type => typeAndMember.StartsWith(type + "::", StringComparison.Ordinal) || typeAndMember == type)
            || IoMembers.Contains(typeAndMember);
    }

    private string Explain(IReadOnlyCollection<string> cycle)
    {
        var examples = References.Value
            .Where(reference => cycle.Contains(Component(reference.From)) && cycle.Contains(Component(reference.To)) && Component(reference.From) != Component(reference.To))
            .GroupBy(reference => (Component(reference.From), Component(reference.To)))
            .Select(group => $"  {group.Key.Item1} -> {group.Key.Item2}: {string.Join(", ", group.Select(r => $"{r.FromType} uses {r.ToType}").Distinct().Take(4))}");
        return $"cycle {string.Join(" <-> ", cycle)}\n{string.Join("\n", examples)}";
    }

    /// <summary>LlmLoad.Core.Transport.Http1 belongs to LlmLoad.Core.Transport; every LlmLoad.Cli namespace to LlmLoad.Cli; null outside ours.</summary>
    private static string? Component(string ns)
    {
        string[] parts = ns.Split('.');
        if (parts.Length < 2 || parts[0] != "LlmLoad")
        {
            return null;
        }
        return parts[1] == "Cli" || parts.Length == 2 ? string.Join('.', parts.Take(2)) : string.Join('.', parts.Take(3));
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(ILookup<string?, string> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (string next in edges[node])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    component.Add(popped);
                }
                while (popped != node);
                result.Add(component);
            }
        }
        foreach (var node in edges.Select(group => group.Key!).Where(node => node is not null))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return result;
    }

    /// <summary>Type FromType (namespace From) uses ToType (namespace To); Member is ToType or ToType::member.</summary>
    private sealed record Reference(string From, string FromType, string To, string ToType, string Member);

    private static IReadOnlyList<Reference> ReadReferences()
    {
        Type[] anchors = [typeof(Core.Metrics.RunSummary), typeof(Simulator.Engine.ServingEngine), typeof(ExitCodes)];
        var references = new List<Reference>();
        foreach (var anchor in anchors)
        {
            using var module = ModuleDefinition.ReadModule(anchor.Assembly.Location);
            foreach (var type in module.GetTypes())
            {
                var outer = type;
                while (outer.DeclaringType is not null)
                {
                    outer = outer.DeclaringType;
                }
                if (Component(outer.Namespace) is null)
                {
                    continue; // <Module>, <PrivateImplementationDetails>
                }
                void Add(TypeReference? target, string? member = null)
                {
                    foreach (var used in Expand(target))
                    {
                        var usedOuter = used;
                        while (usedOuter.DeclaringType is not null)
                        {
                            usedOuter = usedOuter.DeclaringType;
                        }
                        references.Add(new Reference(outer.Namespace, outer.FullName, usedOuter.Namespace, usedOuter.FullName,
                            member is null ? usedOuter.FullName : $"{usedOuter.FullName}::{member}"));
                    }
                }
                Add(type.BaseType);
                type.Interfaces.ToList().ForEach(implemented => Add(implemented.InterfaceType));
                type.Fields.ToList().ForEach(field => Add(field.FieldType));
                type.Properties.ToList().ForEach(property => Add(property.PropertyType));
                foreach (var method in type.Methods)
                {
                    Add(method.ReturnType);
                    method.Parameters.ToList().ForEach(parameter => Add(parameter.ParameterType));
                    if (!method.HasBody)
                    {
                        continue;
                    }
                    method.Body.Variables.ToList().ForEach(variable => Add(variable.VariableType));
                    foreach (var instruction in method.Body.Instructions)
                    {
                        switch (instruction.Operand)
                        {
                            case TypeReference used:
                                Add(used);
                                break;
                            case MethodReference called:
                                Add(called.DeclaringType, called.Name);
                                Add(called.ReturnType);
                                called.Parameters.ToList().ForEach(parameter => Add(parameter.ParameterType));
                                break;
                            case FieldReference read:
                                Add(read.DeclaringType, read.Name);
                                Add(read.FieldType);
                                break;
                        }
                    }
                }
            }
        }
        return references;
    }

    /// <summary>The named types inside a signature: List&lt;RequestRecord&gt;[] is List and RequestRecord.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var inner in Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)))
                {
                    yield return inner;
                }
                break;
            case TypeSpecification specification:
                foreach (var inner in Expand(specification.ElementType))
                {
                    yield return inner;
                }
                break;
            default:
                yield return type;
                break;
        }
    }
}
