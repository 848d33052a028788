using System.Diagnostics;
using System.Threading.Channels;
using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Hosting;

/// <summary>
/// Runs a <see cref="ServingEngine"/> in wall-clock time on one dedicated thread, which alone touches
/// the engine. Requests and aborts arrive through a channel and are applied at step boundaries; tokens
/// leave through each request's channel at the step's end.
/// </summary>
/// <remarks>
/// The loop: drain commands → if idle, sleep until a command arrives → plan a step → wait until its
/// absolute deadline (previous deadline + step / speedup) → complete it → publish tokens and gauges.
/// Chaining deadlines absorbs a late wake-up in the next step instead of drifting; after an idle period,
/// or when more than 50 ms behind (a paused process), the chain restarts from now.
/// </remarks>
public sealed class RealTimeEngineHost : IDisposable
{
    private static readonly long s_resyncTicks = Stopwatch.Frequency / 20; // 50 ms

    private readonly SimulatorProfile _profile;
    private readonly ServingEngine _engine;
    private readonly InFlightCounter _inFlight;
    private readonly double _speedup;
    private readonly Channel<(bool Abort, SimulatedRequest Request)> _commands =
        Channel.CreateUnbounded<(bool, SimulatedRequest)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly Lock _gaugesLock = new();
    private long _nextId;
    private EngineGauges _gauges;
    private int _started;

    /// <param name="profile">The engine's parameters.</param>
    /// <param name="seed">Seed of the engine's noise.</param>
    /// <param name="speedup">Model time per wall-clock time: every step lasts step / speedup.</param>
    /// <param name="inFlight">The HTTP layer's in-flight count (N_sys of the step time).</param>
    public RealTimeEngineHost(SimulatorProfile profile, int seed, double speedup, InFlightCounter inFlight)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(inFlight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speedup);
        _profile = profile;
        _engine = new ServingEngine(profile, seed);
        _inFlight = inFlight;
        _speedup = speedup;
        _thread = new Thread(Loop) { IsBackground = true, Name = "llmload-sim-engine" };
    }

    /// <summary>The engine's state as of its last step.</summary>
    public EngineGauges Gauges
    {
        get
        {
            lock (_gaugesLock)
            {
                return _gauges;
            }
        }
    }

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _thread.Start();
        }
    }

    /// <summary>Queues a request for the engine; its tokens arrive on <see cref="SimulatedRequest.Events"/>.</summary>
    /// <param name="promptTokens">Prompt length in tokens.</param>
    /// <param name="outputTokens">Tokens to generate.</param>
    /// <param name="blockHashes">Chained hashes of the prompt's full KV blocks, for the prefix cache; none when its content is unknown.</param>
    public SimulatedRequest Submit(int promptTokens, int outputTokens, IReadOnlyList<ulong>? blockHashes = null)
    {
        var request = new SimulatedRequest(Interlocked.Increment(ref _nextId), promptTokens, outputTokens, blockHashes);
        Send(false, request);
        return request;
    }

    /// <summary>Removes a request from the engine (disconnect, timeout, cut); harmless after it finished.</summary>
    public void Abort(SimulatedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Send(true, request);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _wake.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private void Send(bool abort, SimulatedRequest request)
    {
        _commands.Writer.TryWrite((abort, request));
        _wake.Set();
    }

    private void Loop()
    {
        var token = _stop.Token;
        var deadline = 0L;
        var chained = false;
        try
        {
            while (!token.IsCancellationRequested)
            {
                _wake.Reset();
                ApplyCommands();
                if (!_engine.HasWork)
                {
                    Publish();
                    _wake.Wait(token);
                    chained = false;
                    continue;
                }

                if (!_engine.TryPlanStep(_inFlight.Current, out var stepMs))
                {
                    // work that cannot be scheduled yet; wait for a command (an abort frees blocks)
                    _wake.Wait(1, token);
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                foreach (var sequence in _engine.FirstScheduled)
                {
                    ((SimulatedRequest)sequence.Owner!).MarkScheduled(now);
                }
                var stepTicks = (long)(stepMs / _speedup * Stopwatch.Frequency / 1000.0);
                deadline = !chained || now - (deadline + stepTicks) > s_resyncTicks ? now + stepTicks : deadline + stepTicks;
                chained = true;
                DeadlineWaiter.WaitUntil(deadline, token);
                Deliver(_engine.CompleteStep());
                Publish();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // stopping
        }
    }

    private void ApplyCommands()
    {
        while (_commands.Reader.TryRead(out var command))
        {
            var sequence = command.Request.Sequence;
            if (command.Abort)
            {
                _engine.Abort(sequence);
            }
            else if (_engine.WaitingCount >= _profile.MaxWaiting)
            {
                command.Request.Writer.TryWrite(new TokenEvent(TokenEventKind.QueueFull, 0, true, Stopwatch.GetTimestamp()));
                command.Request.Writer.TryComplete();
            }
            else if (sequence.State == SequenceState.New)
            {
                _engine.Enqueue(sequence);
            }
        }
    }

    private static void Deliver(StepResult result)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var sequence in result.Emitted)
        {
            var request = (SimulatedRequest)sequence.Owner!;
            var isFinal = sequence.Generated >= sequence.OutputTokens;
            request.Writer.TryWrite(new TokenEvent(TokenEventKind.Tokens, sequence.Generated, isFinal, now));
            if (isFinal)
            {
                request.Writer.TryComplete();
            }
        }
    }

    private void Publish()
    {
        var gauges = new EngineGauges(_engine.RunningCount, _engine.WaitingCount, _engine.KvCacheUsage,
            _engine.PromptTokensProcessed, _engine.GenerationTokens, _engine.Preemptions, _engine.Steps,
            _engine.PrefixCacheQueries, _engine.PrefixCacheHits);
        lock (_gaugesLock)
        {
            _gauges = gauges;
        }
    }
}
