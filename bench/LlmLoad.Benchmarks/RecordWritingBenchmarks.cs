using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmLoad.Core.Recording;

using LlmLoad.Core.Reporting;
namespace LlmLoad.Benchmarks;

/// <summary>
/// Serializing one 100-chunk record the way <see cref="RecordWriter"/>'s loop does (write, flush, reset,
/// newline into a reused buffer); the file write itself is left out.
/// </summary>
[MemoryDiagnoser]
public class RecordWritingBenchmarks
{
    private readonly RequestRecord _record = SampleRecords.HundredChunks();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private Utf8JsonWriter _json = null!;

    [GlobalSetup]
    public void Setup() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    [GlobalCleanup]
    public void Cleanup() => _json.Dispose();

    [Benchmark]
    public int WriteHundredChunkRecord()
    {
        _buffer.ResetWrittenCount();
        RecordJson.Write(_json, _record);
        _json.Flush();
        _json.Reset();
        _buffer.Write("\n"u8);
        return _buffer.WrittenCount;
    }
}
