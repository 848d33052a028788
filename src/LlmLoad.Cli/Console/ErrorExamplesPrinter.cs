using LlmLoad.Core.Metrics;

namespace LlmLoad.Cli.Console;

/// <summary>Under the result block: what the first failure of each class and status said, so a count comes with its cause.</summary>
internal static class ErrorExamplesPrinter
{
    /// <summary>Longer messages are cut on the console; summary.json keeps them whole.</summary>
    private const int MaxMessageChars = 200;

    public static void Print(TextWriter output, RunSummary summary)
    {
        if (summary.ErrorExamples.Count == 0)
        {
            return;
        }
        output.WriteLine("First error of each kind:");
        foreach (var example in summary.ErrorExamples)
        {
            var message = example.Message.Length <= MaxMessageChars ? example.Message : example.Message[..MaxMessageChars] + "…";
            output.WriteLine($"  {example.Label}: {message}");
        }
    }
}
