using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Frontend;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// One closed-loop concurrency level in virtual time: a discrete-event simulation over the same
/// <see cref="ServingEngine"/> and <see cref="AdmissionPolicy"/> the HTTP server uses. Kept in one file
/// because the event handlers share the run's state and read as one flow.
/// </summary>
/// <remarks>
/// Events, ordered by (time, insertion number):
/// <list type="number">
/// <item>Send: a virtual user sends; a request over the context limit is refused (<see cref="ContextLimit"/>, 400), else the admission policy accepts it (frontend delay, then EngineIn) or
/// rejects it (RejectDone after reject_ms, then the user backs off).</item>
/// <item>EngineIn: the request reaches the engine queue (429 if full) and the engine is kicked.</item>
/// <item>StepEnd: the step is applied; tokens become stream events (merged with merge_prob), planned
/// faults strike, finished requests complete and their users send again at once.</item>
/// <item>FirstByteTimeout: 504 for a request still without a token.</item>
/// </list>
/// A failed user waits client_retry_backoff_ms before sending again.
/// Multi-turn sessions and shared prefixes (<see cref="VirtualWorkload"/>): each user keeps its current
/// session; prompts that can share content carry block hashes built from content ids (a prefix group's
/// tokens, a session's history by position, the template), so the engine's prefix cache sees exactly the
/// sharing the HTTP server would see for the same conversation. Random draws beyond the single-turn ones
/// (prefix group, think time) happen only when the workload uses them, so single-turn runs draw as before.
/// </remarks>
internal sealed class VirtualRun
{
    private enum EventKind : byte { Send, EngineIn, StepEnd, FirstByteTimeout, RejectDone }

    private readonly record struct Event(EventKind Kind, VirtualRequest? Request, int Client);

    private readonly record struct EventTime(double Ms, long Order) : IComparable<EventTime>
    {
        public int CompareTo(EventTime other)
        {
            var byTime = Ms.CompareTo(other.Ms);
            return byTime != 0 ? byTime : Order.CompareTo(other.Order);
        }
    }

    private sealed class VirtualRequest(int client, double sentAtMs, AdmissionDecision decision, int promptTokens, int turn, int inputTokens)
    {
        public int Client { get; } = client;
        public int Turn { get; } = turn;
        public int InputTokens { get; } = inputTokens;
        public double SentAtMs { get; } = sentAtMs;
        public AdmissionDecision Decision { get; } = decision;
        public int PromptTokens { get; } = promptTokens;
        public EngineSequence Sequence { get; set; } = null!;
        public double FirstAtMs { get; set; } = double.NaN;
        public double LastAtMs { get; set; }
        public int Events { get; set; }
        public bool Done { get; set; }
        public List<double>? Gaps { get; set; }
    }

    private readonly SimulatorProfile _profile;
    private readonly VirtualWorkload _workload;
    private readonly int _concurrency;
    private readonly double _rampMs;
    private readonly double _warmupMs;
    private readonly double _endMs;
    private readonly Random _random;
    private readonly ServingEngine _engine;
    private readonly AdmissionPolicy _policy;
    private readonly PriorityQueue<Event, EventTime> _events = new();
    private readonly Stack<List<double>> _gapLists = new();
    private readonly VirtualSession?[] _sessions;
    private long _nextSessionId;
    private long _order;
    private double _now;
    private long _nextId;
    private bool _engineBusy;
    private int _inFlight;
    private int _maxInFlight;
    private long _sent;
    private long _succeeded;
    private long _failed;

    // window statistics
    private readonly List<double> _ttft = [];
    private readonly List<double> _tpot = [];
    private readonly List<double> _e2el = [];
    private readonly List<double> _gapSample = [];
    private readonly Dictionary<SimulatedFailure, int> _failures = [];
    private readonly List<TurnWindow> _byTurn = [];
    private long _cacheQueriesAtWarmup = -1;
    private long _cacheHitsAtWarmup;
    private double _gapSpanMs;
    private long _gapCount;
    private long _windowOutputTokens;
    private long _windowPromptTokens;
    private long _windowGeneratedTokens;
    private long _windowEvents;

    public VirtualRun(SimulatorProfile profile, VirtualWorkload workload, int concurrency, VirtualRunPlan plan, int seed)
    {
        _profile = profile;
        _workload = workload;
        _concurrency = concurrency;
        _rampMs = plan.RampSeconds * 1000.0;
        _warmupMs = plan.WarmupSeconds * 1000.0;
        _endMs = plan.EndSeconds * 1000.0;
        _random = new Random(seed);
        _engine = new ServingEngine(profile, seed + 7); // two streams, as in the reference model
        _policy = new AdmissionPolicy(profile);
        _sessions = new VirtualSession?[concurrency];
    }

    public VirtualLevelResult Run(CancellationToken cancellationToken)
    {
        // users start staggered over the ramp, so cohorts do not stay synchronised
        for (var client = 0; client < _concurrency; client++)
        {
            Push(_random.NextDouble() * _rampMs, new Event(EventKind.Send, null, client));
        }

        var handled = 0;
        while (_events.TryDequeue(out var next, out var at))
        {
            if (at.Ms > _endMs)
            {
                break;
            }

            if (++handled % 65536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            _now = at.Ms;
            if (_cacheQueriesAtWarmup < 0 && InWindow)
            {
                _cacheQueriesAtWarmup = _engine.PrefixCacheQueries;
                _cacheHitsAtWarmup = _engine.PrefixCacheHits;
            }

            switch (next.Kind)
            {
                case EventKind.Send: Send(next.Client); break;
                case EventKind.RejectDone: Push(_now + _profile.ClientRetryBackoffMs, new Event(EventKind.Send, null, next.Client)); break;
                case EventKind.EngineIn: EngineIn(next.Request!); break;
                case EventKind.FirstByteTimeout: FirstByteTimeout(next.Request!); break;
                case EventKind.StepEnd: StepEnd(); break;
            }
        }

        return Summarise();
    }

    private bool InWindow => _now >= _warmupMs;

    private void Push(double atMs, Event e) => _events.Enqueue(e, new EventTime(atMs, _order++));

    private void Send(int client)
    {
        _sent++;
        var input = _random.Next(_workload.PromptTokensMin, _workload.PromptTokensMax + 1);
        var session = _sessions[client];
        if (session is null || session.TurnsDone >= _workload.TurnsPerSession
            || !ContextLimit.Fits(_profile, session.ContentTokens + input + _profile.PromptOverheadTokens, _workload.OutputTokens))
        {
            // a new session: after the last turn, after a failure, or when the next turn would not fit
            session = NewSession();
            _sessions[client] = session;
        }

        var prompt = session.ContentTokens + input + _profile.PromptOverheadTokens;
        if (!ContextLimit.Fits(_profile, prompt, _workload.OutputTokens))
        {
            // refused before admission, as the HTTP server does; the answer takes reject_ms like other refusals,
            // which also keeps virtual time moving when every request is refused
            _failed++;
            CountFailure(SimulatedFailure.ContextLength400);
            Push(_now + _profile.RejectMs, new Event(EventKind.RejectDone, null, client));
            return;
        }

        var decision = _policy.Decide(_random, _inFlight, _workload.OutputTokens, _workload.IgnoreEos);
        if (!decision.IsAccepted)
        {
            _failed++;
            CountFailure(decision.Outcome == AdmissionOutcome.RejectedOverload
                ? SimulatedFailure.RejectedOverload503
                : decision.ErrorStatusCode switch { 429 => SimulatedFailure.Injected429, 500 => SimulatedFailure.Injected500, _ => SimulatedFailure.Injected503 });
            Push(_now + _profile.RejectMs, new Event(EventKind.RejectDone, null, client));
            return;
        }

        _inFlight++;
        _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        var request = new VirtualRequest(client, _now, decision, prompt, session.TurnsDone + 1, input);
        var id = _nextId++;
        var hashes = _workload.SharesContent && _profile.PrefixCaching
            ? session.PromptBlockHashes(input, _profile.BlockSize, _profile.PromptOverheadTokens)
            : null;
        request.Sequence = new EngineSequence(id, prompt, decision.OutputTokens, request, hashes);
        if (id % 10 == 0)
        {
            request.Gaps = _gapLists.TryPop(out var list) ? list : [];
        }

        Push(_now + decision.FrontendMs, new Event(EventKind.EngineIn, request, client));
        var timeoutAt = _now + _profile.FirstByteTimeoutSeconds * 1000.0;
        if (timeoutAt <= _endMs)
        {
            Push(timeoutAt, new Event(EventKind.FirstByteTimeout, request, client));
        }
    }

    private void EngineIn(VirtualRequest request)
    {
        if (request.Done)
        {
            return;
        }

        if (_engine.WaitingCount >= _profile.MaxWaiting)
        {
            Fail(request, SimulatedFailure.QueueFull429);
            return;
        }

        _engine.Enqueue(request.Sequence);
        Kick();
    }

    private void FirstByteTimeout(VirtualRequest request)
    {
        if (!request.Done && double.IsNaN(request.FirstAtMs))
        {
            Fail(request, SimulatedFailure.FirstByteTimeout504);
        }
    }

    private void StepEnd()
    {
        _engineBusy = false;
        var result = _engine.CompleteStep();
        var inWindow = InWindow;
        foreach (var sequence in result.Emitted)
        {
            var request = (VirtualRequest)sequence.Owner!;
            if (request.Done)
            {
                continue;
            }

            if (inWindow)
            {
                _windowGeneratedTokens++;
            }

            DeliverToken(request);
            var decision = request.Decision;
            if (decision.FaultStrikesBetween(sequence.Generated - 1, sequence.Generated))
            {
                Fail(request, decision.Fault switch
                {
                    StreamFault.OverloadCut => SimulatedFailure.StreamCut,
                    StreamFault.Disconnect => SimulatedFailure.Disconnect,
                    _ => SimulatedFailure.MalformedEvent,
                });
            }
        }

        foreach (var sequence in result.Finished)
        {
            var request = (VirtualRequest)sequence.Owner!;
            if (!request.Done)
            {
                Succeed(request, inWindow);
            }
        }

        Kick();
    }

    /// <summary>Turns one generated token into stream events, as the HTTP writer would.</summary>
    private void DeliverToken(VirtualRequest request)
    {
        // with a slow first byte, tokens produced before the headers go out ride in the first event
        var at = Math.Max(_now, request.SentAtMs + _profile.SlowFirstByteMs);
        if (double.IsNaN(request.FirstAtMs))
        {
            request.FirstAtMs = at;
            request.LastAtMs = at;
            request.Events = 1;
            return;
        }

        if (_now < request.FirstAtMs)
        {
            return;
        }

        var isLast = request.Sequence.Generated >= request.Sequence.OutputTokens;
        if (isLast || _profile.MergeProb <= 0 || _random.NextDouble() >= _profile.MergeProb)
        {
            request.Events++;
            request.Gaps?.Add(at - request.LastAtMs);
            request.LastAtMs = at;
        }
    }

    private void Succeed(VirtualRequest request, bool inWindow)
    {
        request.Done = true;
        _inFlight--;
        _succeeded++;
        var tokens = request.Sequence.Generated;
        if (inWindow)
        {
            _ttft.Add(request.FirstAtMs - request.SentAtMs);
            _e2el.Add(request.LastAtMs - request.SentAtMs);
            if (tokens > 1)
            {
                _tpot.Add((request.LastAtMs - request.FirstAtMs) / (tokens - 1));
            }

            if (request.Events > 1)
            {
                _gapSpanMs += request.LastAtMs - request.FirstAtMs;
                _gapCount += request.Events - 1;
            }

            if (request.Gaps is not null)
            {
                _gapSample.AddRange(request.Gaps);
            }

            _windowOutputTokens += tokens;
            _windowPromptTokens += request.PromptTokens;
            _windowEvents += request.Events;
            while (_byTurn.Count < request.Turn)
            {
                _byTurn.Add(new TurnWindow());
            }

            _byTurn[request.Turn - 1].Add(request.FirstAtMs - request.SentAtMs, request.PromptTokens, request.Sequence.CachedPromptTokens);
        }

        ReleaseGaps(request);
        var session = _sessions[request.Client]!;
        session.TurnsDone++;
        session.Append(request.InputTokens + tokens); // the next turn resends this turn's input and its reply
        var next = Math.Max(_now, request.LastAtMs);
        if (session.TurnsDone < _workload.TurnsPerSession && _workload.ThinkTimeMs > 0)
        {
            next += _workload.ThinkTimeIsExponential ? RandomDraws.Exponential(_random, _workload.ThinkTimeMs) : _workload.ThinkTimeMs;
        }

        Push(next, new Event(EventKind.Send, null, request.Client));
    }

    private VirtualSession NewSession()
    {
        var group = _workload.PrefixTokens > 0 && _workload.PrefixGroups > 1 ? _random.Next(_workload.PrefixGroups) : 0;
        return new VirtualSession(_nextSessionId++, group, _workload.PrefixTokens);
    }

    private void Fail(VirtualRequest request, SimulatedFailure failure)
    {
        if (request.Done)
        {
            return;
        }

        request.Done = true;
        _engine.Abort(request.Sequence);
        _inFlight--;
        _failed++;
        CountFailure(failure);
        ReleaseGaps(request);
        _sessions[request.Client] = null; // a failed turn ends its session
        Push(_now + _profile.ClientRetryBackoffMs, new Event(EventKind.Send, null, request.Client));
    }

    private void CountFailure(SimulatedFailure failure)
    {
        if (InWindow)
        {
            _failures[failure] = _failures.GetValueOrDefault(failure) + 1;
        }
    }

    private void ReleaseGaps(VirtualRequest request)
    {
        if (request.Gaps is { } gaps)
        {
            gaps.Clear();
            _gapLists.Push(gaps);
            request.Gaps = null;
        }
    }

    private void Kick()
    {
        if (!_engineBusy && _engine.HasWork && _engine.TryPlanStep(_inFlight, out var stepMs))
        {
            _engineBusy = true;
            Push(_now + stepMs, new Event(EventKind.StepEnd, null, -1));
        }
    }

    private VirtualLevelResult Summarise()
    {
        var windowSeconds = (_endMs - _warmupMs) / 1000.0;
        var itl = LatencySummary.From(_gapSample);
        var failed = _failures.Values.Sum();
        return new VirtualLevelResult
        {
            Concurrency = _concurrency,
            WarmupSeconds = _warmupMs / 1000.0,
            WindowSeconds = windowSeconds,
            Succeeded = _ttft.Count,
            Failed = failed,
            FailuresByKind = _failures.OrderBy(f => f.Key).ToDictionary(f => f.Key, f => f.Value),
            RequestsPerSecond = _ttft.Count / windowSeconds,
            OutputTokensPerSecond = _windowOutputTokens / windowSeconds,
            InputTokensPerSecond = _windowPromptTokens / windowSeconds,
            GeneratedTokensPerSecond = _windowGeneratedTokens / windowSeconds,
            Ttft = LatencySummary.From(_ttft),
            Tpot = LatencySummary.From(_tpot),
            Itl = itl with { Mean = _gapCount == 0 ? double.NaN : _gapSpanMs / _gapCount },
            E2el = LatencySummary.From(_e2el),
            MeanTokensPerEvent = _windowEvents == 0 ? double.NaN : (double)_windowOutputTokens / _windowEvents,
            MeanStepMs = _engine.Steps == 0 ? 0 : _engine.TotalStepMs / _engine.Steps,
            MeanBatchSize = _engine.Steps == 0 ? 0 : (double)_engine.TotalBatchedSequences / _engine.Steps,
            Preemptions = _engine.Preemptions,
            MaxInFlight = _maxInFlight,
            ByTurn = [.. _byTurn.Select((turn, i) => turn.ToResult(i + 1))],
            PrefixCacheQueryTokens = _engine.PrefixCacheQueries - Math.Max(0, _cacheQueriesAtWarmup),
            PrefixCacheHitTokens = _engine.PrefixCacheHits - (_cacheQueriesAtWarmup < 0 ? 0 : _cacheHitsAtWarmup),
            Totals = new RequestCounts(_sent, _succeeded, _failed, _inFlight),
        };
    }

    /// <summary>Window statistics of one turn index.</summary>
    private sealed class TurnWindow
    {
        private readonly List<double> _ttft = [];
        private long _promptTokens;
        private long _cachedTokens;

        public void Add(double ttftMs, int promptTokens, int cachedTokens)
        {
            _ttft.Add(ttftMs);
            _promptTokens += promptTokens;
            _cachedTokens += cachedTokens;
        }

        public VirtualTurnResult ToResult(int turn) => new(
            turn,
            _ttft.Count,
            _ttft.Count == 0 ? double.NaN : (double)_promptTokens / _ttft.Count,
            _ttft.Count == 0 ? double.NaN : (double)_cachedTokens / _ttft.Count,
            LatencySummary.From(_ttft));
    }
}
