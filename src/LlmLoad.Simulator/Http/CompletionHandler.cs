using System.Diagnostics;
using System.Text.Json;
using LlmLoad.Simulator.Frontend;
using LlmLoad.Simulator.Hosting;
using LlmLoad.Simulator.Profiles;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Serves <c>/v1/chat/completions</c> and <c>/v1/completions</c> in real time over the shared engine.
/// </summary>
/// <remarks>
/// One request:
/// <list type="number">
/// <item>Parse the body (400 with an OpenAI error on anything malformed or too long).</item>
/// <item>Admission (<see cref="AdmissionPolicy"/>, the same model as virtual time): at the hard in-flight
/// limit, or on an injected error, answer 503/429/500 after reject_ms.</item>
/// <item>Wait the frontend latency, then submit to the engine.</item>
/// <item>Wait for the first token, at most first_byte_timeout_s from arrival (504), or a full-queue
/// rejection from the engine (429).</item>
/// <item>Hold the headers for slow_first_byte_ms if set, then stream or answer (<see cref="ResponseWriter"/>).</item>
/// </list>
/// Every modelled duration is divided by the speed-up; metrics report model time.
/// </remarks>
internal sealed class CompletionHandler
{
    private readonly SimulatorProfile _profile;
    private readonly RealTimeEngineHost _host;
    private readonly InFlightCounter _inFlight;
    private readonly ServerMetrics _metrics;
    private readonly AdmissionPolicy _policy;
    private readonly double _speedup;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly CancellationToken _shutdown;

    public CompletionHandler(SimulatorProfile profile, RealTimeEngineHost host, InFlightCounter inFlight, ServerMetrics metrics,
        int seed, double speedup, CancellationToken shutdown)
    {
        _profile = profile;
        _host = host;
        _inFlight = inFlight;
        _metrics = metrics;
        _policy = new AdmissionPolicy(profile);
        _speedup = speedup;
        _random = new Random(seed);
        _shutdown = shutdown;
    }

    public async Task HandleAsync(HttpContext context, CompletionKind kind)
    {
        var arrival = Stopwatch.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown);
        var cancellationToken = linked.Token;
        try
        {
            await HandleCoreAsync(context, kind, arrival, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _metrics.Count(SimulatedOutcome.ClientAborted);
        }
    }

    private async Task HandleCoreAsync(HttpContext context, CompletionKind kind, long arrival, CancellationToken cancellationToken)
    {
        var (request, error) = await ParseAsync(context, kind, cancellationToken);
        if (request is null)
        {
            _metrics.Count(SimulatedOutcome.BadRequest);
            await OpenAiError.WriteAsync(context, 400, error, cancellationToken);
            return;
        }

        var inFlightWithThis = _inFlight.Increment();
        AdmissionDecision decision;
        int requestSeed;
        lock (_randomLock)
        {
            decision = _policy.Decide(_random, inFlightWithThis - 1, request.MaxTokens, request.IgnoreEos);
            requestSeed = _random.Next();
        }

        if (!decision.IsAccepted)
        {
            _inFlight.Decrement();
            await RejectAsync(context, decision, inFlightWithThis - 1, cancellationToken);
            return;
        }

        try
        {
            await ServeAsync(context, request, decision, requestSeed, arrival, cancellationToken);
        }
        finally
        {
            _inFlight.Decrement();
        }
    }

    private async Task ServeAsync(HttpContext context, CompletionRequest request, AdmissionDecision decision, int requestSeed, long arrival,
        CancellationToken cancellationToken)
    {
        await DelayAsync(decision.FrontendMs, cancellationToken);
        var simulated = _host.Submit(request.PromptTokens, decision.OutputTokens, request.PromptBlockHashes);
        var completed = false;
        try
        {
            if (!await WaitForFirstEventAsync(simulated, arrival, cancellationToken))
            {
                _metrics.Count(SimulatedOutcome.FirstByteTimeout);
                await OpenAiError.WriteAsync(context, 504, $"No first token within {Seconds(_profile.FirstByteTimeoutSeconds)} s (first_byte_timeout_s).", cancellationToken);
                return;
            }

            if (simulated.Events.TryPeek(out var first) && first.Kind == TokenEventKind.QueueFull)
            {
                completed = true;
                _metrics.Count(SimulatedOutcome.QueueFull);
                await OpenAiError.WriteAsync(context, 429, $"The engine's waiting queue is full (max_waiting {_profile.MaxWaiting}); retry later.", cancellationToken);
                return;
            }

            _metrics.TimeToFirstToken.Observe(ModelSeconds(arrival));
            if (simulated.ScheduledTimestamp is > 0 and var scheduled)
            {
                _metrics.QueueTime.Observe(Stopwatch.GetElapsedTime(simulated.SubmittedTimestamp, scheduled).TotalSeconds * _speedup);
            }
            await DelayAsync(_profile.SlowFirstByteMs - ModelSeconds(arrival) * 1000.0, cancellationToken);
            var random = new Random(requestSeed);
            var header = ResponseHeader.Create(request.Kind, request.Model, random);
            var writer = new ResponseWriter(context, header, request, decision, simulated, random, _profile, _host, _metrics);
            completed = await writer.WriteAsync(cancellationToken);
            if (completed)
            {
                _metrics.EndToEndLatency.Observe(ModelSeconds(arrival));
            }
        }
        finally
        {
            if (!completed)
            {
                _host.Abort(simulated);
            }
        }
    }

    private async Task<bool> WaitForFirstEventAsync(SimulatedRequest simulated, long arrival, CancellationToken cancellationToken)
    {
        var remainingMs = (_profile.FirstByteTimeoutSeconds * 1000.0 - ModelSeconds(arrival) * 1000.0) / _speedup;
        if (remainingMs <= 0)
        {
            return false; // the frontend delay alone used up the time
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(remainingMs));
        try
        {
            return await simulated.Events.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task RejectAsync(HttpContext context, AdmissionDecision decision, int inFlight, CancellationToken cancellationToken)
    {
        await DelayAsync(_profile.RejectMs, cancellationToken);
        if (decision.Outcome == AdmissionOutcome.RejectedOverload)
        {
            _metrics.Count(SimulatedOutcome.RejectedOverload);
            await OpenAiError.WriteAsync(context, 503, $"The server is overloaded: {inFlight} requests in flight (hard_inflight {_profile.HardInflight}); retry later.", cancellationToken);
        }
        else
        {
            _metrics.Count(SimulatedOutcome.InjectedError);
            await OpenAiError.WriteAsync(context, decision.ErrorStatusCode, $"Injected fault (inject_error_rate {_profile.InjectErrorRate}).", cancellationToken);
        }
    }

    private async Task<(CompletionRequest? Request, string Error)> ParseAsync(HttpContext context, CompletionKind kind, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken);
            return CompletionRequestParser.TryParse(document.RootElement, kind, _profile, out var request, out var error)
                ? (request, "")
                : (null, error);
        }
        catch (JsonException e)
        {
            return (null, $"The request body is not valid JSON: {e.Message}");
        }
    }

    private Task DelayAsync(double modelMs, CancellationToken cancellationToken) =>
        modelMs > 0 ? Task.Delay(TimeSpan.FromMilliseconds(modelMs / _speedup), cancellationToken) : Task.CompletedTask;

    private double ModelSeconds(long sinceTimestamp) => Stopwatch.GetElapsedTime(sinceTimestamp).TotalSeconds * _speedup;

    private static string Seconds(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
