namespace LlmLoad.Tests.Common;

/// <summary>
/// The trait of tests that need the machine to themselves: test.sh runs them after every other test has finished,
/// alone, because they compare times at the millisecond (the parallel projects keep 2 cores at load average 25-75,
/// where a thread waits tens of milliseconds for a core). Put them in their project's timing-sensitive collection too.
/// </summary>
public static class QuietStage
{
    public const string Trait = "Category";

    public const string Value = "Quiet";
}
