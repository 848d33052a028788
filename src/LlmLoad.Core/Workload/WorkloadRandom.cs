namespace LlmLoad.Core.Workload;

/// <summary>
/// Independent seeded random streams for the separate choices of a workload, so that changing one flag
/// (say the output lengths) leaves the other choices (the prompts) as they were for the same seed.
/// </summary>
internal static class WorkloadRandom
{
    public const int InputLengths = 1;
    public const int Picks = 2;
    public const int OutputLengths = 3;
    public const int Prefix = 4;
    public const int PrefixGroups = 5;
    public const int Turns = 6;
    public const int ThinkTimes = 7;
    /// <summary>Trace prompts: one stream per Mooncake hash id (<see cref="ForSession"/> with the id).</summary>
    public const int TraceBlocks = 8;
    /// <summary>Trace prompts: one stream per request for its text not covered by hash ids.</summary>
    public const int TraceFill = 9;
    // below 0: ForSession's streams (stream + 8 * (session + 1)) are all 8 or more and never meet these
    public const int Models = -1;
    public const int DatasetMix = -2;

    /// <summary>
    /// A <see cref="Random"/> for one stream of one session (from 0): a session draws the same values whichever
    /// user runs it and whenever, so concurrency does not change what it sends or how long it thinks.
    /// </summary>
    public static Random ForSession(int seed, int stream, int session) =>
        Create(seed, unchecked(stream + 8 * (session + 1)));

    /// <summary>
    /// A <see cref="Random"/> for one stream of one seed. Seeded <see cref="Random"/> keeps its legacy
    /// algorithm across .NET versions, so sequences are stable. The mix is a fixed function (not
    /// <see cref="HashCode"/>, which is randomized per process).
    /// </summary>
    public static Random Create(int seed, int stream)
    {
        unchecked
        {
            var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL;
            x ^= x >> 31;
            x *= 0x94D049BB133111EBUL;
            x ^= x >> 29;
            return new Random((int)(x & 0x7FFFFFFF));
        }
    }
}
