using LlmLoad.LoadCapacity;
using LlmLoad.LoadCapacity.Client;
using LlmLoad.LoadCapacity.Server;
using LlmLoad.LoadCapacity.Suite;
using LlmLoad.LoadCapacity.TraceArrival;
using LlmLoad.Core.Transport;

// Modes (BENCHMARKS.md has the commands):
//   server --port 0 --itl-ms 2 --tokens 100        the loopback SSE server, in its own process
//   client --url URL --concurrency N | --rate R    llmload's engine against it, one level
//   suite  --levels 100,1000,4000,10000 --rate 2000  both, a fresh process pair per level
//   trace-arrival --speeds 1,4                       a trace replay's arrival times at a server vs the trace
//   arrival-server --port 0                          the server trace-arrival starts: stamps each request's first byte
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: LlmLoad.LoadCapacity server|client|suite|trace-arrival [--name value ...] (see BENCHMARKS.md)");
    return 2;
}
var options = new HarnessArguments(args.Skip(1));
if (args[0] is "client" or "trace-arrival")
{
    // as the llmload CLI does (the server keeps the runtime's default)
    SocketCompletions.PreferInline();
}
return args[0] switch
{
    "server" => await StreamServer.RunAsync(options),
    "arrival-server" => ArrivalServer.Run(options),
    "client" => await CapacityClient.RunAsync(options),
    "suite" => await SuiteRunner.RunAsync(options),
    "trace-arrival" => await TraceArrivalBench.RunAsync(options),
    _ => Fail(args[0]),
};

static int Fail(string mode)
{
    Console.Error.WriteLine($"error: unknown mode \"{mode}\"; expected server, client, suite or trace-arrival.");
    return 2;
}
