using System.Globalization;
using System.Net;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Http;

/// <summary>How to run a <see cref="SimulatorServer"/>.</summary>
public sealed record SimulatorServerOptions
{
    /// <summary>The simulated deployment.</summary>
    public required SimulatorProfile Profile { get; init; }

    /// <summary>Address to listen on; loopback unless the user asks otherwise.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (read <see cref="SimulatorServer.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>Seed of every random draw in the server (admission, step noise, text).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Model ids <c>/v1/models</c> lists (<c>serve --served-model-name</c>, repeatable); empty: the profile's
    /// <see cref="SimulatorProfile.ServedModelName"/>. A request naming any model is served all the same.
    /// </summary>
    public IReadOnlyList<string> ServedModelNames { get; init; } = [];

    /// <summary>Model time per wall-clock time: 2 runs every modelled delay twice as fast. Clients must scale their times back.</summary>
    public double Speedup { get; init; } = 1.0;

    /// <summary>
    /// Called with each request's server-side time to first token, in model seconds, as it is counted into
    /// <c>vllm:time_to_first_token_seconds</c>: the exact values the histogram's buckets round, for a test that holds
    /// percentiles estimated from the buckets to them. Runs on the request's path, so it must be quick and thread-safe.
    /// </summary>
    public Action<double>? TimeToFirstTokenObserved { get; init; }

    /// <summary>All problems, one line each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Profile is null)
        {
            errors.Add("a simulator profile is required.");
        }
        else
        {
            errors.AddRange(Profile.Validate());
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"port \"{Port}\" must be between 0 (any free port) and 65535."));
        }

        if (ServedModelNames.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("a served model name must not be empty.");
        }

        if (!(Speedup > 0) || double.IsInfinity(Speedup))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"speed-up \"{Speedup}\" must be a finite number above 0."));
        }

        return errors;
    }
}
