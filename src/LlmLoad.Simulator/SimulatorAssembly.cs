namespace LlmLoad.Simulator;
