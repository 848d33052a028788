using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>The validated multi-turn flags.</summary>
/// <param name="Turns">Synthetic sessions: user turns per session (clamped to 1..<see cref="WorkloadOptions.MaxTurns"/> when drawn).</param>
/// <param name="History">Whose replies later turns send back.</param>
internal sealed record SessionShape(TokenLengthDistribution Turns, HistoryMode History)
{
    /// <summary>The multi-turn flags of <paramref name="options"/>; null for a single-turn run (then none of them may be given) or when a value is invalid (a line in <paramref name="problems"/>).</summary>
    internal static SessionShape? TryParse(WorkloadOptions options, DatasetSpec? dataset, List<OptionProblem> problems)
    {
        if (!options.MultiTurn)
        {
            if (options.Turns is not null)
            {
                problems.Add(new(OptionField.Turns, options.Turns, "needs {multi_turn}."));
            }
            if (options.History is not null)
            {
                problems.Add(new(OptionField.History, options.History, "needs {multi_turn}."));
            }
            return null;
        }

        var history = (options.History ?? "server").Trim().ToLowerInvariant() switch
        {
            "server" => HistoryMode.Server,
            "dataset" => HistoryMode.Dataset,
            _ => (HistoryMode?)null,
        };
        if (history is null)
        {
            problems.Add(new(OptionField.History, options.History, "must be server (send back the server's replies) or dataset (send the dataset's replies)."));
        }

        TokenLengthDistribution? turns = TokenLengthDistribution.Fixed(WorkloadOptions.DefaultTurns);
        if (options.Turns is not null && dataset is not null && dataset.Kind != DatasetKind.Synthetic)
        {
            problems.Add(new(OptionField.Turns, options.Turns, "applies only to {dataset} synthetic; a dataset's sessions have the turns of its conversations."));
        }
        else if (options.Turns is not null)
        {
            turns = int.TryParse(options.Turns.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var fixedTurns) && fixedTurns >= 1
                ? TokenLengthDistribution.Fixed(fixedTurns)
                : TokenLengthDistribution.TryParse(options.Turns, OptionField.Turns, "N, MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (user turns per session, e.g. 4 or 2:6)", out var parsed, out var turnsError)
                    ? parsed
                    : Problem(problems, turnsError);
            if (turns is not null && (turns.IsRange ? turns.Maximum : turns.Mean) > WorkloadOptions.MaxTurns)
            {
                problems.Add(new(OptionField.Turns, options.Turns, $"allows more than {WorkloadOptions.MaxTurns.ToString(CultureInfo.InvariantCulture)} turns per session; use fewer."));
            }
        }

        return history is null || turns is null ? null : new SessionShape(turns, history.Value);
    }

    private static TokenLengthDistribution? Problem(List<OptionProblem> problems, OptionProblem problem)
    {
        problems.Add(problem);
        return null;
    }
}
