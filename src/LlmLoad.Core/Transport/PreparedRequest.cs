namespace LlmLoad.Core.Transport;

/// <summary>A request ready to send: the serialized body and what the record must know about it.</summary>
public sealed record PreparedRequest(int Index, bool Warmup, byte[] Body, int PromptTokens, int MaxTokens);
