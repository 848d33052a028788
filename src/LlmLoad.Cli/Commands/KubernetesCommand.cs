using System.CommandLine;
using System.Globalization;
using LlmLoad.Cli.Kubernetes;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload kubernetes --shards N --image IMAGE [options] -- run|sweep ...</c>: prints the manifests that run the
/// command as N shards on a cluster from a common start and merge them into one result (docs/kubernetes.md). It
/// contacts no cluster; <c>kubectl apply -f</c> does.
/// </summary>
internal static class KubernetesCommand
{
    public static Command Create(CliContext context)
    {
        var options = new KubernetesOptionSet();
        var command = new ValidatedCommand("kubernetes", "Print Kubernetes manifests that run a run or sweep as N shards from a common start and merge them (docs/kubernetes.md).",
            parse => Bind(parse, options, context).Problems);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var (plan, problems) = Bind(parse, options, context);
            if (plan is null)
            {
                return context.Fail(ExitCodes.InvalidInput, problems);
            }
            // the manifests alone on stdout, so `> job.yaml` holds nothing else
            context.Out.Write(ShardedRunManifests.ToYaml(plan));
            var lead = plan.StartAt - context.TimeProvider.GetUtcNow();
            context.Error.WriteLine($"{plan.Shards} shards start at {plan.StartAtText}, in {Math.Ceiling(lead.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s: "
                + $"kubectl apply -f the manifests before then (a later start is still measured, but each shard reports it late). "
                + $"The merged result goes to {plan.MergedDirectory} on the claim {plan.ClaimName}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static (ShardedRunPlan? Plan, List<string> Problems) Bind(ParseResult parse, KubernetesOptionSet options, CliContext context)
    {
        var problems = new List<string>();
        var plan = options.Bind(parse, context, problems);
        return (plan, problems);
    }
}
