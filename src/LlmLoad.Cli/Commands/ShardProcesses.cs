using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using LlmLoad.Cli.Console;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>--processes N</c>: the same command run as N shards, each a child process of this one (the same llmload, with
/// <c>--shard i/N</c>, a common <c>--start-at</c> a few seconds ahead and a common <c>--run-id</c>), then merged into
/// <c>--output-dir</c> by <see cref="MergeCommand"/>. The cluster's path (one shard per pod, then a merge), on one
/// machine; each child's console goes to <c>shards/shard-i.log</c>.
/// </summary>
internal static class ShardProcesses
{
    public const string ShardsDirectoryName = "shards";

    /// <summary>
    /// How far ahead the common start is: a child starts .NET, builds the workload and sends its pre-flight before it
    /// waits; on a busy 2-core machine that took up to a second each (2 s plus 1 s per child leaves room).
    /// </summary>
    public static TimeSpan StartLead(int processes) => TimeSpan.FromSeconds(2 + processes);

    /// <param name="target">The bound command line: without --base-url, this process starts the simulator and every child loads it.</param>
    /// <param name="dropped">Options of this command line the children must not get (replaced, or this process's own).</param>
    /// <param name="extra">Flags every child gets on top (a run's <c>--no-report</c>: only the merged run is drawn).</param>
    public static async Task<int> RunAsync(ParseResult parse, LoadTarget target, IEnumerable<Option> dropped, IReadOnlyList<string> extra, int processes, CliContext context)
    {
        using var stop = new StopSignal();
        var (options, server) = await target.StartAsync(context, stop.Token);
        await using var _ = server;
        var baseUrl = server is null ? null : options.Endpoint.BaseUrl;
        var outputDirectory = target.Options.OutputDirectory;
        var startAt = context.TimeProvider.GetUtcNow() + StartLead(processes);
        var startAtText = startAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var runId = string.Create(CultureInfo.InvariantCulture, $"run-{startAt:yyyyMMddHHmmss}-{Environment.MachineName}-{Environment.ProcessId}");
        var shardsDirectory = Path.Combine(outputDirectory, ShardsDirectoryName);
        Directory.CreateDirectory(shardsDirectory);
        List<string> arguments = [.. ChildArguments(parse, dropped, baseUrl), .. extra];
        context.Error.WriteLine($"running {processes} shards of run {runId} as child processes, starting at {startAtText}; their consoles: {shardsDirectory}/shard-*.log");

        var children = Enumerable.Range(0, processes).Select(index =>
        {
            var directory = Path.Combine(shardsDirectory, string.Create(CultureInfo.InvariantCulture, $"shard-{index}"));
            return (Directory: directory, Exit: RunChildAsync([.. arguments, "--shard", $"{index}/{processes}", "--start-at", startAtText, "--run-id", runId, "--output-dir", directory],
                directory + ".log"));
        }).ToList();
        var exits = await Task.WhenAll(children.Select(child => child.Exit));

        // 4 (an SLO missed) and 5 (every request failed) still wrote results worth merging
        var failed = exits.Select((code, index) => (Code: code, Index: index))
            .Where(exit => exit.Code is not (ExitCodes.Success or ExitCodes.SloNotMet or ExitCodes.AllRequestsFailed)).ToList();
        if (failed.Count > 0)
        {
            return context.Fail(failed[0].Code,
                failed.Select(exit => $"shard {exit.Index}/{processes} exited with code {exit.Code}: {LastError(children[exit.Index].Directory + ".log")} (its console: {children[exit.Index].Directory}.log)"));
        }
        return await MergeCommand.MergeAsync([.. children.Select(child => child.Directory)], outputDirectory, allowPartial: false, context);
    }

    /// <summary>This command line without the dropped options (and <c>--sim-profile</c> when the children get a base URL instead).</summary>
    private static List<string> ChildArguments(ParseResult parse, IEnumerable<Option> dropped, Uri? baseUrl)
    {
        var skip = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        foreach (var option in dropped)
        {
            if (parse.GetResult(option) is { } result)
            {
                if (result.IdentifierToken is { } identifier)
                {
                    skip.Add(identifier);
                }
                skip.UnionWith(result.Tokens);
            }
        }
        List<string> arguments = [parse.CommandResult.Command.Name];
        arguments.AddRange(parse.Tokens.Where(token => token.Type != TokenType.Command && !skip.Contains(token)).Select(token => token.Value));
        if (baseUrl is not null && !arguments.Contains("--base-url"))
        {
            arguments.AddRange(["--base-url", baseUrl.ToString()]);
        }
        return arguments;
    }

    /// <summary>
    /// Runs one child to its end. Not cancellable on purpose: Ctrl-C reaches the children from the terminal (one process
    /// group), and each stops gracefully and writes what it has; a second signal from here would make them quit at once.
    /// </summary>
    private static async Task<int> RunChildAsync(IReadOnlyList<string> arguments, string logPath)
    {
        var start = Executable();
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        await using var log = new StreamWriter(logPath);
        // one writer for both streams: lines keep their order of arrival
        var gate = new object();
        void Copy(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    log.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Copy(e.Data);
        process.ErrorDataReceived += (_, e) => Copy(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(CancellationToken.None);
        // the exit can come before the last redirected lines are read; this overload waits for them
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>
    /// This llmload: the running executable when it is llmload (an apphost or a single-file build), the apphost next to
    /// this assembly, or the .NET host with this assembly (under <c>dotnet llmload.dll</c> or a test host).
    /// </summary>
    private static ProcessStartInfo Executable()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "llmload")
        {
            return new ProcessStartInfo(self);
        }
        var appHost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "llmload.exe" : "llmload");
        if (File.Exists(appHost))
        {
            return new ProcessStartInfo(appHost);
        }
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet");
        return new ProcessStartInfo(host) { ArgumentList = { typeof(ShardProcesses).Assembly.Location } };
    }

    /// <summary>The last <c>error:</c> line of a child's console, or a pointer to the log.</summary>
    private static string LastError(string logPath) =>
        File.Exists(logPath) && File.ReadLines(logPath).LastOrDefault(line => line.StartsWith("error: ", StringComparison.Ordinal)) is { } line
            ? line["error: ".Length..]
            : "no error line";
}
