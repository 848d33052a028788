using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using LlmLoad.Cli.Console;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>--processes N</c>: the same command run as N shards, each a child process of this one (the same llmload, with
/// <c>--shard i/N</c>, a common <c>--start-at</c> a couple of seconds ahead and a common <c>--run-id</c>), then merged
/// into <c>--output-dir</c> by <see cref="MergeCommand"/>. The cluster's path (one shard per pod, then a merge), on one
/// machine; each child's console goes to <c>shards/shard-i.log</c>. The children also say when they are ready
/// (<see cref="StdioStartGate"/>): when one is not ready by the planned start, every child starts later, together.
/// </summary>
internal static class ShardProcesses
{
    public const string ShardsDirectoryName = "shards";

    /// <summary>How far ahead the planned start is: enough for a child to start .NET, build its workload and send its pre-flight on an idle machine.</summary>
    public static readonly TimeSpan StartLead = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When the last child is ready after the planned start, the common start is this long after that moment: every
    /// child reads it and sleeps until then (on a machine at load 19 on 2 cores, four children took 13.6 s to be ready).
    /// </summary>
    public static readonly TimeSpan LateStartSlack = TimeSpan.FromSeconds(1);

    /// <param name="target">The bound command line: without --base-url, this process starts the simulator and every child loads it.</param>
    /// <param name="dropped">Options of this command line the children must not get (replaced, or this process's own).</param>
    /// <param name="extra">Flags every child gets on top (<c>--no-report</c>: only the merged result is drawn).</param>
    /// <param name="writeReport">False (the command's own <c>--no-report</c>): the merged result is not drawn either.</param>
    public static async Task<int> RunAsync(ParseResult parse, LoadTarget target, IEnumerable<Option> dropped, IReadOnlyList<string> extra, int processes, bool writeReport, CliContext context)
    {
        using var stop = new StopSignal();
        var (options, server) = await target.StartAsync(context, stop.Token);
        await using var _ = server;
        var baseUrl = server is null ? null : options.Endpoint.BaseUrl;
        var outputDirectory = target.Options.OutputDirectory;
        var startAt = context.TimeProvider.GetUtcNow() + StartLead;
        var runId = string.Create(CultureInfo.InvariantCulture, $"run-{startAt:yyyyMMddHHmmss}-{Environment.MachineName}-{Environment.ProcessId}");
        var shardsDirectory = Path.Combine(outputDirectory, ShardsDirectoryName);
        Directory.CreateDirectory(shardsDirectory);
        List<string> arguments = [.. ChildArguments(parse, dropped, baseUrl), .. extra];
        context.Error.WriteLine($"running {processes} shards of run {runId} as child processes, starting at {Text(startAt)} or when all are ready; their consoles: {shardsDirectory}/shard-*.log");

        var children = Enumerable.Range(0, processes).Select(index =>
        {
            var directory = Path.Combine(shardsDirectory, string.Create(CultureInfo.InvariantCulture, $"shard-{index}"));
            return new Child(directory, [.. arguments, "--shard", $"{index}/{processes}", "--start-at", Text(startAt), "--run-id", runId,
                ShardOptionSet.StartGateFlag, "--output-dir", directory]);
        }).ToList();
        try
        {
            // Ctrl-C from a terminal reaches the children too; a signal to this process alone (kill, a supervisor) does not
            using var stopChildren = stop.Token.Register(() => children.ForEach(child => child.RequestStop()));
            await StartTogetherAsync(children, startAt, context.TimeProvider);
            var exits = await Task.WhenAll(children.Select(child => child.Exit));
            if (stop.Token.IsCancellationRequested)
            {
                return await MergeInterruptedAsync([.. children.Select(child => child.Directory)], outputDirectory, writeReport, context);
            }

            // 4 (an SLO missed) and 5 (every request failed) still wrote results worth merging
            var failed = exits.Select((code, index) => (Code: code, Index: index))
                .Where(exit => exit.Code is not (ExitCodes.Success or ExitCodes.SloNotMet or ExitCodes.AllRequestsFailed)).ToList();
            if (failed.Count > 0)
            {
                return context.Fail(failed[0].Code,
                    failed.Select(exit => $"shard {exit.Index}/{processes} exited with code {exit.Code}: {children[exit.Index].LastError()} (its console: {children[exit.Index].LogPath})"));
            }
        }
        finally
        {
            children.ForEach(child => child.Dispose());
        }
        return await MergeCommand.MergeAsync([.. children.Select(child => child.Directory)], outputDirectory, allowPartial: false, writeReport, context);
    }

    /// <summary>
    /// After a stop: the partial results the children wrote, merged as a single run writes its own on Ctrl-C; shards that
    /// stopped before their first measured request are named and left out.
    /// </summary>
    private static async Task<int> MergeInterruptedAsync(IReadOnlyList<string> directories, string outputDirectory, bool writeReport, CliContext context)
    {
        if (directories.All(directory => SavedResults.KindOf(directory) == SavedResults.Kind.None))
        {
            return context.Fail(ExitCodes.Interrupted, ["interrupted before the first measured request; nothing was written."]);
        }
        var code = await MergeCommand.MergeAsync(directories, outputDirectory, allowPartial: true, writeReport, context);
        return code == ExitCodes.Success ? ExitCodes.Interrupted : code;
    }

    /// <summary>
    /// Once every child is ready, tells each the common start: the planned one, or a moment from now when it has passed.
    /// A child that ends before all are ready has failed: the others are stopped, since there will be nothing to merge.
    /// </summary>
    private static async Task StartTogetherAsync(List<Child> children, DateTimeOffset planned, TimeProvider timeProvider)
    {
        var allReady = Task.WhenAll(children.Select(child => child.Ready));
        if (await Task.WhenAny(allReady, Task.WhenAny(children.Select(child => child.Exit))) != allReady)
        {
            children.ForEach(child => child.Stop());
            return;
        }
        var now = timeProvider.GetUtcNow();
        var start = planned > now + LateStartSlack ? planned : now + LateStartSlack;
        children.ForEach(child => child.StartAt(start));
    }

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

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
    /// One child llmload: its console copied to <see cref="LogPath"/> (its ready line kept out), its stdin open for the
    /// common start and then for <see cref="StdioStartGate.StopLine"/>. Stopped by a line, not a signal: Ctrl-C from the
    /// terminal reaches the children as well (one process group), and a second signal would make them quit at once,
    /// while the line only asks for the graceful stop they may already be making. If this process dies, their stdin ends
    /// and they stop too.
    /// </summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly StreamWriter _log;
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        // the start and the stop line may be written from two threads
        private readonly Lock _input = new();

        public Child(string directory, IReadOnlyList<string> arguments)
        {
            Directory = directory;
            LogPath = directory + ".log";
            _log = new StreamWriter(LogPath);
            var start = Executable();
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
            _process.OutputDataReceived += (_, e) => Copy(e.Data, fromStdout: true);
            _process.ErrorDataReceived += (_, e) => Copy(e.Data, fromStdout: false);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Exit = WaitAsync();
        }

        public string Directory { get; }

        public string LogPath { get; }

        /// <summary>Completes when the child has written its ready line.</summary>
        public Task Ready => _ready.Task;

        public Task<int> Exit { get; }

        public void StartAt(DateTimeOffset start) => WriteLine(Text(start));

        /// <summary>Asks the child to stop gracefully, as Ctrl-C would; nothing when it has already ended.</summary>
        public void RequestStop() => WriteLine(StdioStartGate.StopLine);

        private void WriteLine(string line)
        {
            lock (_input)
            {
                try
                {
                    _process.StandardInput.WriteLine(line);
                    _process.StandardInput.Flush();
                }
                catch (IOException)
                {
                    // the child has exited: its stdin is closed
                }
            }
        }

        public void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        /// <summary>The last <c>error:</c> line of the child's console, or a pointer to it.</summary>
        public string LastError()
        {
            lock (_gate)
            {
                _log.Flush();
            }
            return File.ReadLines(LogPath).LastOrDefault(line => line.StartsWith("error: ", StringComparison.Ordinal)) is { } line ? line["error: ".Length..] : "no error line";
        }

        private async Task<int> WaitAsync()
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            // the exit can come before the last redirected lines are read; this overload waits for them
            _process.WaitForExit();
            return _process.ExitCode;
        }

        private void Copy(string? line, bool fromStdout)
        {
            if (line is null)
            {
                return;
            }
            if (fromStdout && line == StdioStartGate.ReadyLine)
            {
                _ready.TrySetResult();
                return;
            }
            // one writer for both streams: lines keep their order of arrival
            lock (_gate)
            {
                _log.WriteLine(line);
            }
        }

        public void Dispose()
        {
            _process.Dispose();
            lock (_gate)
            {
                _log.Dispose();
            }
        }
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
}
