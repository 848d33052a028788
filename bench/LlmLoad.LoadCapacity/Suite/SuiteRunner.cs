using System.Globalization;
using System.Text.Json;
using LlmLoad.LoadCapacity.Client;

namespace LlmLoad.LoadCapacity.Suite;

/// <summary>
/// The <c>suite</c> mode: for each level, a fresh server process and a fresh client process (so peak RSS is the
/// level's own), then one Markdown table. Closed-loop levels pace tokens so that the token event rate stays near
/// <c>--events-per-second</c> (ITL = concurrency / rate): the server then holds every stream open without
/// saturating the 2 cores it shares with the client. The open-loop level runs at <c>--rate</c> with
/// <c>--rate-tokens</c> tokens per request, <c>--rate-itl-ms</c> apart.
/// </summary>
public static class SuiteRunner
{
    public static async Task<int> RunAsync(HarnessArguments args)
    {
        var levels = args.Integers("levels", [100, 1000, 4000, 10000]);
        var eventsPerSecond = args.Number("events-per-second", 50_000);
        var duration = args.Number("duration-seconds", 10);
        var tokens = args.Integer("tokens", 100);
        var stack = $"--http-stack {args.Text("http-stack", "builtin")}";
        var results = new List<LevelResult>();
        foreach (var users in levels)
        {
            var itlMs = Math.Max(1, users / eventsPerSecond * 1000);
            var result = await RunLevelAsync(itlMs, tokens, $"--concurrency {users} --duration-seconds {F(duration)} {stack}");
            if (result is not null)
            {
                results.Add(result);
            }
        }
        if (args.Number("rate", 2000) is var rate and > 0)
        {
            var itlMs = args.Number("rate-itl-ms", 1);
            var rateTokens = args.Integer("rate-tokens", tokens);
            var warm = (int)Math.Ceiling(rate * rateTokens * itlMs / 1000 * 1.5);
            var result = await RunLevelAsync(itlMs, rateTokens, $"--rate {F(rate)} --duration-seconds {F(duration)} --warm-concurrency {warm} {stack}");
            if (result is not null)
            {
                results.Add(result);
            }
        }
        Console.WriteLine();
        Console.WriteLine(LevelReport.Table(results));
        if (args.Text("out") is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }
        return results.Count == levels.Count + (args.Number("rate", 2000) > 0 ? 1 : 0) ? 0 : 1;
    }

    private static async Task<LevelResult?> RunLevelAsync(double itlMs, int tokens, string clientArgs)
    {
        await using var server = await ServerProcess.StartAsync($"--itl-ms {F(itlMs)} --tokens {tokens} --max-seconds 600");
        Console.WriteLine($"== server {server.Url}, ITL {F(itlMs)} ms, {tokens} tokens; client {clientArgs}");
        using var client = ServerProcess.Start($"client --url {server.Url} --itl-ms {F(itlMs)} --tokens {tokens} {clientArgs}");
        LevelResult? result = null;
        while (await client.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<LevelResult>(line["RESULT ".Length..]);
            }
            else
            {
                Console.WriteLine(line);
            }
        }
        await client.WaitForExitAsync();
        var errors = await client.StandardError.ReadToEndAsync();
        if (client.ExitCode != 0)
        {
            Console.WriteLine($"client exited with {client.ExitCode}: {errors}");
        }
        return result;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
