using LlmLoad.Cli.Commands;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmLoad.Cli.Study;

/// <summary>
/// Reads and validates a study file (YAML). Its keys are the command-line flags with underscores
/// (<c>input_tokens</c> for <c>--input-tokens</c>), grouped as <c>name</c>, <c>targets</c>,
/// <c>workload</c>, <c>baseline</c> and <c>sweep</c>; examples/radiant-study.yaml shows them all.
/// Every problem is reported at once, one line each, naming the file, the line and the key.
/// </summary>
internal static class StudyFileReader
{
    private static readonly string[] TopKeys = ["name", "targets", "workload", "baseline", "sweep"];
    private static readonly string[] WorkloadKeys =
    [
        "api", "stream", "ignore_eos", "temperature", "seed", "dataset", "input_tokens", "output_tokens", "prefix_tokens",
        "tokenizer", "ttft_timeout", "idle_timeout", "timeout",
        "prefix_groups", "prefix_assignment", "multi_turn", "turns", "history", "think_time", "max_context_tokens",
        "extra_body", "extra_body_override", "dataset_mix", "trace_window", "trace_sort", "trace_speed",
    ];
    private static readonly string[] BaselineKeys = ["concurrency", "num_requests", "warmup"];
    private static readonly string[] SweepKeys =
    [
        "concurrency", "requests_per_level", "level_duration", "repeats", "warmup", "reset_cmd", "reset_shell", "reset_url",
        "stop_after_breakpoint", "slo", "goodput", "attainment",
    ];

    /// <summary>The study in <paramref name="path"/>, or null with every problem in <paramref name="problems"/>.</summary>
    public static StudyDefinition? Read(string path, StudyProblems problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(null, "the study file does not exist; see examples/radiant-study.yaml for one.");
            return null;
        }
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException exception)
        {
            problems.Add((int)exception.Start.Line, $"not valid YAML: {YamlMessage(exception)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this, without a position, when the file ends inside a flow collection
            problems.Add(null, "not valid YAML: the file ended unexpectedly; is a [ or { left open?");
            return null;
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            problems.Add(null, "expected a mapping with targets, workload, baseline and sweep; see examples/radiant-study.yaml.");
            return null;
        }

        var root = new YamlSection(rootNode, "", "at the top level", TopKeys, problems);
        var name = root.Text("name") ?? Path.GetFileNameWithoutExtension(path);
        var sweepSection = root.Section("sweep", SweepKeys);
        // the per-request SLOs sit with the sweep's other SLOs, and the baseline is measured against them too
        var template = ReadShared(root, problems) with { Goodput = ReadGoodput(sweepSection) };
        var sweep = ReadSweep(sweepSection, template, problems);
        var targets = ReadTargets(root, Path.GetDirectoryName(Path.GetFullPath(path))!, template, problems);
        return problems.Count == 0 ? new StudyDefinition(name, targets, template, sweep) : null;
    }

    /// <summary>The workload and baseline sections as the run template every target starts from.</summary>
    private static RunOptions ReadShared(YamlSection root, StudyProblems problems)
    {
        var workload = root.Section("workload", WorkloadKeys) ?? Empty("workload", WorkloadKeys, problems);
        var seed = workload.Int("seed", 0);
        var api = workload.Text("api")?.ToLowerInvariant() switch
        {
            null or "chat" => EndpointApi.Chat,
            "completions" => EndpointApi.Completions,
            "responses" => EndpointApi.Responses,
            "messages" => EndpointApi.Messages,
            var other => Problem(workload, "api", $"{workload.Name("api")} \"{other}\" must be chat, completions, responses or messages.", EndpointApi.Chat),
        };
        if (api is EndpointApi.Responses or EndpointApi.Messages && workload.Bool("stream") == false)
        {
            workload.Problem("stream", $"{workload.Name("stream")}: false does not go with api {api.ToString().ToLowerInvariant()}, which is measured streamed only; drop it (or use api: chat).");
        }
        var endpoint = new EndpointOptions
        {
            BaseUrl = new Uri("http://127.0.0.1"),
            Api = api,
            Stream = workload.Bool("stream") ?? true,
            IgnoreEos = workload.Bool("ignore_eos") ?? false,
            Temperature = workload.Number("temperature"),
            Seed = seed,
            TtftTimeout = workload.Duration("ttft_timeout") ?? EndpointOptions.DefaultTtftTimeout,
            IdleTimeout = workload.Duration("idle_timeout") ?? EndpointOptions.DefaultIdleTimeout,
            TotalTimeout = workload.Duration("timeout") ?? EndpointOptions.DefaultTotalTimeout,
        };
        var workloadOptions = new WorkloadOptions
        {
            Dataset = workload.Text("dataset") ?? WorkloadOptions.DefaultDataset,
            InputTokens = workload.Text("input_tokens") ?? WorkloadOptions.DefaultInputTokens,
            OutputTokens = workload.Text("output_tokens") ?? WorkloadOptions.DefaultOutputTokens,
            PrefixTokens = workload.Int("prefix_tokens", 0) ?? 0,
            PrefixGroups = workload.Int("prefix_groups", 1) ?? 1,
            PrefixAssignment = workload.Text("prefix_assignment") ?? WorkloadOptions.DefaultPrefixAssignment,
            MultiTurn = workload.Bool("multi_turn") ?? false,
            Turns = workload.Text("turns"),
            History = workload.Text("history"),
            Tokenizer = workload.Text("tokenizer") ?? TokenizerCatalog.DefaultName,
            Seed = seed ?? 0,
            DatasetMix = workload.TextOrList("dataset_mix"),
            TraceWindow = ReadTraceWindow(workload),
            TraceSort = workload.Bool("trace_sort") ?? false,
        };
        workload.Problems(workloadOptions.Validate());
        if (workload.Has("dataset") && workload.Has("dataset_mix"))
        {
            workload.Problem("dataset_mix", $"{workload.Name("dataset")} and {workload.Name("dataset_mix")} both say where prompts come from; give one of them.");
        }
        endpoint = ReadExtraBody(workload, endpoint);

        var baseline = root.Section("baseline", BaselineKeys) ?? Empty("baseline", BaselineKeys, problems);
        var traceSpeed = ReadTraceSpeed(workload, workloadOptions, baseline);
        var load = new LoadOptions
        {
            Concurrency = baseline.Int("concurrency", 1) ?? LoadOptions.DefaultConcurrency,
            NumRequests = baseline.Int("num_requests", 1) ?? LoadOptions.DefaultNumRequests,
            WarmupRequests = baseline.Int("warmup", 0) ?? 0,
            Seed = seed ?? 0,
            ThinkTime = ReadThinkTime(workload),
            MaxContextTokens = workload.Int("max_context_tokens", 1),
            // trace_speed makes the baseline a replay at the trace's times, as `run` without --concurrency is
            ReplayTraceTimes = traceSpeed is not null,
            ReplayWholeTrace = traceSpeed is not null && !baseline.Has("num_requests"),
            TraceSpeed = traceSpeed ?? 1,
        };
        workload.Problems(load.Validate().Where(problem => problem.Field == OptionField.TraceSpeed));
        return new RunOptions { Endpoint = endpoint, Workload = workloadOptions, Load = load, OutputDirectory = "" };
    }

    /// <summary>The workload's <c>extra_body</c> mapping, checked as <c>--extra-body</c> is (with <c>extra_body_override</c>).</summary>
    private static EndpointOptions ReadExtraBody(YamlSection workload, EndpointOptions endpoint)
    {
        if (workload.JsonObjectText("extra_body") is not { } json)
        {
            return endpoint;
        }
        var problems = new List<string>();
        if (ExtraBody.TryParse(json, workload.Name("extra_body"), out var extra, out var error))
        {
            endpoint = RequestMixOptionSet.WithExtraBody(endpoint, extra, workload.Bool("extra_body_override") ?? false, workload.Name("extra_body"), problems);
        }
        else
        {
            problems.Add(error);
        }
        problems.ForEach(problem => workload.Problem("extra_body", problem.Replace("--extra-body-override", workload.Name("extra_body_override"), StringComparison.Ordinal)));
        return endpoint;
    }

    /// <summary>The workload's <c>trace_window</c>, in <c>--trace-window</c>'s forms (<c>60:120</c>, <c>1m:5m</c>, <c>30s:</c>).</summary>
    private static TraceWindow ReadTraceWindow(YamlSection workload)
    {
        if (workload.Text("trace_window") is not { } text)
        {
            return TraceWindow.Whole;
        }
        var problems = new List<string>();
        var window = TraceOptionSet.ParseWindow(text, workload.Name("trace_window"), problems);
        problems.ForEach(problem => workload.Problem("trace_window", problem));
        return window;
    }

    /// <summary>
    /// The workload's <c>trace_speed</c>: the baseline then replays the trace at its times, so it takes no
    /// <c>baseline.concurrency</c>, as <c>--trace-speed</c> takes no <c>--concurrency</c>. The sweep's levels are closed loops
    /// whatever it says (lengths only, as <c>llmload sweep</c> replays a trace).
    /// </summary>
    private static double? ReadTraceSpeed(YamlSection workload, WorkloadOptions workloadOptions, YamlSection baseline)
    {
        if (workload.Number("trace_speed") is not { } speed)
        {
            return null;
        }
        if (baseline.Has("concurrency"))
        {
            workload.Problem("trace_speed", $"{workload.Name("trace_speed")} paces the baseline as a replay at the trace's times, which {baseline.Name("concurrency")} replaces; remove one or the other.");
        }
        // a dataset that does not parse is reported by the workload's own validation
        if (workloadOptions.DatasetMix is not null
            || DatasetSpec.TryParse(workloadOptions.Dataset ?? "", out var dataset, out _) && !(dataset.IsTrace || dataset.Kind == DatasetKind.Jsonl))
        {
            workload.Problem("trace_speed", $"{workload.Name("trace_speed")} needs a timestamped {workload.Name("dataset")} (mooncake:PATH, azure:PATH, or jsonl:PATH with \"timestamp\" fields); remove it.");
        }
        return speed;
    }

    /// <summary>The workload's <c>think_time</c> (sessions only; <c>--think-time</c>'s forms).</summary>
    private static ThinkTime ReadThinkTime(YamlSection workload)
    {
        if (workload.Text("think_time") is not { } text)
        {
            return ThinkTime.None;
        }
        if (!ThinkTime.TryParse(text, out var thinkTime, out var problem))
        {
            workload.Problems([problem]);
        }
        return thinkTime ?? ThinkTime.None;
    }

    private static SweepOptions ReadSweep(YamlSection? section, RunOptions template, StudyProblems problems)
    {
        section ??= Empty("sweep", SweepKeys, problems);
        var planText = section.TextOrList("concurrency") ?? ConcurrencyPlan.DefaultText;
        if (!ConcurrencyPlan.TryParse(planText, out var plan, out var planErrors))
        {
            section.Problems(planErrors);
        }
        SloSet? slo = null;
        if (section.Text("slo") is { } sloText && !SloSet.TryParse(sloText, out slo, out var sloErrors))
        {
            foreach (var error in sloErrors)
            {
                section.Problem("slo", $"{section.Name("slo")}: {error}");
            }
        }
        if (slo is not null && !template.Endpoint.Stream && slo.StreamOnlyConditions() is { Count: > 0 } streamOnly)
        {
            section.Problem("slo", $"{section.Name("slo")} \"{string.Join(",", streamOnly)}\": TTFT, TPOT and ITL are not measured with stream: false (the answer arrives whole); drop these terms or stream.");
        }
        var attainment = SweepAnalysisOptions.Default.MinSloAttainment;
        if (section.Text("attainment") is { } attainmentText)
        {
            if (!CliValues.TryParsePercent(attainmentText, out attainment))
            {
                attainment = SweepAnalysisOptions.Default.MinSloAttainment; // reported here, not again by Validate()
                section.Problem("attainment", $"{section.Name("attainment")} \"{attainmentText}\" must be a percentage above 0 and at most 100, e.g. 90 or 95%.");
            }
            else if (template.Goodput is null)
            {
                section.Problem("attainment", $"{section.Name("attainment")} needs per-request SLOs to attain; add {section.Name("goodput")}, e.g. \"ttft<=500ms,tpot<=50ms\".");
            }
        }
        Uri? resetUrl = null;
        if (section.Text("reset_url") is { } resetUrlText
            && !(Uri.TryCreate(resetUrlText, UriKind.Absolute, out resetUrl) && resetUrl.Scheme is "http" or "https"))
        {
            section.Problem("reset_url", $"{section.Name("reset_url")} \"{resetUrlText}\" must be an http:// or https:// URL.");
        }
        var resetCommand = section.Text("reset_cmd");
        var options = new SweepOptions
        {
            // a level is a closed loop at its concurrency: it keeps a trace's prompts and lengths, not its times
            Template = template with { Load = template.Load with { ReplayTraceTimes = false, ReplayWholeTrace = false } },
            Plan = plan ?? new ConcurrencyPlan([1]),
            RequestsPerLevel = section.Int("requests_per_level", 1),
            DurationPerLevel = section.Duration("level_duration"),
            Repeats = section.Int("repeats", 1) ?? 1,
            WarmupPerLevel = section.Int("warmup", 0) ?? 0,
            Reset = resetCommand is null && resetUrl is null ? null : new EndpointReset(resetCommand, resetUrl, section.Bool("reset_shell") ?? false),
            StopAfterBreakpoint = section.Bool("stop_after_breakpoint") ?? false,
            Analysis = SweepAnalysisOptions.Default with { Slo = slo, MinSloAttainment = attainment },
        };
        section.Problems(options.Validate());
        section.Problems(options.Reset?.Validate() ?? []);
        return options;
    }

    /// <summary>The sweep section's <c>goodput</c>: text in either spelling of <c>--goodput</c>, or a list of terms.</summary>
    private static RequestSlo? ReadGoodput(YamlSection? section)
    {
        if (section?.TextOrList("goodput") is not { } text)
        {
            return null;
        }
        if (RequestSlo.TryParse(text, out var goodput, out var errors))
        {
            return goodput;
        }
        foreach (var error in errors)
        {
            section.Problem("goodput", $"{section.Name("goodput")}: {error}");
        }
        return null;
    }

    private static List<StudyTarget> ReadTargets(YamlSection root, string studyDirectory, RunOptions template, StudyProblems problems)
    {
        var items = root.Items("targets");
        if (items.Count == 0 && !root.Has("targets"))
        {
            problems.Add(null, "\"targets\" is missing; a study needs at least one target (a base_url or a sim_profile).");
        }
        else if (items.Count == 0)
        {
            root.Problem("targets", "targets is empty; a study needs at least one target (a base_url or a sim_profile).");
        }
        var targets = new List<StudyTarget>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var nameText = (items[i].Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "name" }).Value as YamlScalarNode)?.Value;
            var path = nameText is { Length: > 0 } ? $"targets[{nameText}]" : $"targets[{i + 1}]";
            var section = new YamlSection(items[i], path, $"in {path}", StudyTargetReader.Keys, problems);
            if (nameText is { Length: > 0 } && !names.TryAdd(nameText, section.Line("name")))
            {
                section.Problem("name", $"target name \"{nameText}\" is used twice (first on line {names[nameText]}); each target needs its own name.");
            }
            if (StudyTargetReader.Read(section, studyDirectory, template, problems) is { } target)
            {
                targets.Add(target);
            }
        }
        return targets;
    }

    private static YamlSection Empty(string key, IReadOnlyCollection<string> knownKeys, StudyProblems problems) =>
        new(new YamlMappingNode(), key, $"in {key}", knownKeys, problems);

    internal static T Problem<T>(YamlSection section, string key, string message, T fallback)
    {
        section.Problem(key, message);
        return fallback;
    }

    /// <summary>YamlDotNet's message without its "(Line: 3, Col: 5, Idx: 20) - (...)" prefix; the line is reported already.</summary>
    private static string YamlMessage(YamlException exception)
    {
        var message = exception.InnerException?.Message ?? exception.Message;
        var dash = message.IndexOf("): ", StringComparison.Ordinal);
        return (dash >= 0 && message.StartsWith('(') ? message[(dash + 3)..] : message).Trim();
    }
}
