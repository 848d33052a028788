namespace LlmLoad.Core.Telemetry;

/// <summary>A gauge over a window: mean and max of its scraped values, and how many scrapes had it.</summary>
public sealed record ServerGauge(double Mean, double Max, int Samples);
