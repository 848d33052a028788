using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Http;

/// <summary>One <c>tiny</c> server on a free loopback port, shared by a test class.</summary>
public sealed class TinyServerFixture : IAsyncLifetime
{
    public SimulatorServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await SimulatorHttp.StartAsync(ProfileCatalog.Get("tiny"));
        Client = SimulatorHttp.ClientFor(Server);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
