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

    private sealed class VirtualRequest(int client, double sentAtMs, AdmissionDecision decision, int promptTokens, VirtualSession session, int inputTokens)
    {
        public int Client { get; } = client;
        public VirtualSession Session { get; } = session;
        public int Turn { get; } = session.TurnsDone + 1;
        public int InputTokens { get; } = inputTokens;
        public double SentAtMs { get; } = sentAtMs;
        public AdmissionDecision Decision { get; } = decision;
        public int PromptTokens { get; } = promptTokens;
        public EngineSequence Sequence { get; set; } = null!;
        public double FirstAtMs { get; set; } = double.NaN;
        public double LastAtMs { get; set; }
        public bool Done { get; set; }

        /// <summary>Arrival of each stream event so far; pooled, copied to an exact-size array when the request ends in the window.</summary>
        public List<double> EventAtMs { get; set; } = null!;
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
    private readonly Stack<List<double>> _eventLists = new();
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

    // the window: every request that ended in it, and what only the engine knows
    private readonly List<VirtualRequestTiming> _windowRequests = [];
    private long _cacheQueriesAtWarmup = -1;
    private long _cacheHitsAtWarmup;
    private long _windowGeneratedTokens;

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
            Refuse(client, session, prompt, SimulatedFailure.ContextLength400);
            return;
        }

        var decision = _policy.Decide(_random, _inFlight, _workload.OutputTokens, _workload.IgnoreEos);
        if (!decision.IsAccepted)
        {
            Refuse(client, session, prompt, decision.Outcome == AdmissionOutcome.RejectedOverload
                ? SimulatedFailure.RejectedOverload503
                : decision.ErrorStatusCode switch { 429 => SimulatedFailure.Injected429, 500 => SimulatedFailure.Injected500, _ => SimulatedFailure.Injected503 });
            return;
        }

        _inFlight++;
        _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        var request = new VirtualRequest(client, _now, decision, prompt, session, input)
        {
            EventAtMs = _eventLists.TryPop(out var events) ? events : [],
        };
        var id = _nextId++;
        var hashes = _workload.SharesContent && _profile.PrefixCaching
            ? session.PromptBlockHashes(input, _profile.BlockSize, _profile.PromptOverheadTokens)
            : null;
        request.Sequence = new EngineSequence(id, prompt, decision.OutputTokens, request, hashes);
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
            request.EventAtMs.Add(at);
            return;
        }

        if (_now < request.FirstAtMs)
        {
            return;
        }

        var isLast = request.Sequence.Generated >= request.Sequence.OutputTokens;
        if (isLast || _profile.MergeProb <= 0 || _random.NextDouble() >= _profile.MergeProb)
        {
            request.EventAtMs.Add(at);
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
            _windowRequests.Add(Timing(request, request.LastAtMs, tokens, failure: null));
        }

        ReleaseEvents(request);
        var session = request.Session;
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
        if (InWindow)
        {
            _windowRequests.Add(Timing(request, _now, request.Sequence.Generated, failure));
        }

        ReleaseEvents(request);
        _sessions[request.Client] = null; // a failed turn ends its session
        Push(_now + _profile.ClientRetryBackoffMs, new Event(EventKind.Send, null, request.Client));
    }

    /// <summary>A request refused before it reached the engine: its answer comes after reject_ms, then the user backs off.</summary>
    private void Refuse(int client, VirtualSession session, int promptTokens, SimulatedFailure failure)
    {
        _failed++;
        var answeredAt = _now + _profile.RejectMs;
        if (InWindow)
        {
            _windowRequests.Add(new VirtualRequestTiming
            {
                SentAtMs = _now,
                EventAtMs = [],
                EndAtMs = answeredAt,
                PromptTokens = promptTokens,
                OutputTokens = 0,
                Session = SessionOf(session),
                Turn = session.TurnsDone + 1,
                Failure = failure,
            });
        }

        Push(answeredAt, new Event(EventKind.RejectDone, null, client));
    }

    private VirtualRequestTiming Timing(VirtualRequest request, double endAtMs, int outputTokens, SimulatedFailure? failure) => new()
    {
        SentAtMs = request.SentAtMs,
        EventAtMs = request.EventAtMs.ToArray(),
        EndAtMs = endAtMs,
        PromptTokens = request.PromptTokens,
        CachedPromptTokens = request.Sequence.CachedPromptTokens,
        OutputTokens = outputTokens,
        Session = SessionOf(request.Session),
        Turn = request.Turn,
        Failure = failure,
    };

    /// <summary>The session id for multi-turn workloads only: single-turn requests belong to no session, as on the real path.</summary>
    private long? SessionOf(VirtualSession session) => _workload.TurnsPerSession > 1 ? session.Id : null;

    private void ReleaseEvents(VirtualRequest request)
    {
        request.EventAtMs.Clear();
        _eventLists.Push(request.EventAtMs);
        request.EventAtMs = null!;
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
        var succeeded = _windowRequests.Where(r => r.IsSuccess).ToList();
        return new VirtualLevelResult
        {
            Concurrency = _concurrency,
            WarmupSeconds = _warmupMs / 1000.0,
            WindowSeconds = windowSeconds,
            Requests = _windowRequests,
            Succeeded = succeeded.Count,
            Failed = _windowRequests.Count - succeeded.Count,
            FailuresByKind = _windowRequests
                .Where(r => r.Failure is not null)
                .GroupBy(r => r.Failure!.Value)
                .OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => g.Count()),
            RequestsPerSecond = succeeded.Count / windowSeconds,
            OutputTokensPerSecond = succeeded.Sum(r => (long)r.OutputTokens) / windowSeconds,
            InputTokensPerSecond = succeeded.Sum(r => (long)r.PromptTokens) / windowSeconds,
            GeneratedTokensPerSecond = _windowGeneratedTokens / windowSeconds,
            MeanStepMs = _engine.Steps == 0 ? 0 : _engine.TotalStepMs / _engine.Steps,
            MeanBatchSize = _engine.Steps == 0 ? 0 : (double)_engine.TotalBatchedSequences / _engine.Steps,
            Preemptions = _engine.Preemptions,
            MaxInFlight = _maxInFlight,
            PrefixCacheQueryTokens = _engine.PrefixCacheQueries - Math.Max(0, _cacheQueriesAtWarmup),
            PrefixCacheHitTokens = _engine.PrefixCacheHits - (_cacheQueriesAtWarmup < 0 ? 0 : _cacheHitsAtWarmup),
            Totals = new RequestCounts(_sent, _succeeded, _failed, _inFlight),
        };
    }
}
