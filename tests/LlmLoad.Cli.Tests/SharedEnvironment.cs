namespace LlmLoad.Cli.Tests;

/// <summary>
/// Tests that set a variable every run reads by default (<c>OPENAI_API_KEY</c>) run alone, after the parallel tests:
/// the process's environment is shared, and another test would otherwise send or refuse a key it was not given.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedEnvironment
{
    public const string Name = "shared-environment";
}
