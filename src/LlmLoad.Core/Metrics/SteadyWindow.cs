namespace LlmLoad.Core.Metrics;

/// <summary>
/// The part of a run where the load was what the run claims (closed loop: all users busy; open
/// loop: the arrival schedule still running), and the throughput measured inside it; built by
/// <see cref="SteadyWindowEstimator"/>. Times are seconds on the run clock (the records' origin).
/// </summary>
/// <param name="StartSeconds">Closed loop: the first completion, once every user has sent; open loop: the first scheduled arrival.</param>
/// <param name="EndSeconds">Closed loop: the last send (the drain starts there); open loop: the last scheduled arrival.</param>
/// <param name="RequestsPerSecond">Successful requests per second inside the window (output rate / mean output tokens per request).</param>
/// <param name="OutputTokensPerSecond">Output tokens of successful requests produced inside the window, per second.</param>
public sealed record SteadyWindow(double StartSeconds, double EndSeconds, double RequestsPerSecond, double OutputTokensPerSecond)
{
    public double DurationSeconds => EndSeconds - StartSeconds;
}
