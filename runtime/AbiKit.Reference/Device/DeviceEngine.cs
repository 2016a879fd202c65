using System.Collections.Concurrent;
using System.Buffers.Binary;
using AbiKit.Interop.Alloc;

namespace AbiKit.Reference.Device;

/// <summary>One command for the engine. Objects stay busy (so neither freed, purged nor moved) until it completes.</summary>
internal sealed record EngineCommand(EngineOp Op, DeviceObject? Source, ulong SourceOffset, DeviceObject Destination, ulong DestinationOffset, ulong Size, byte Value);

/// <summary>
/// The simulated device engine: a thread of its own that really reads and writes objects' device-side
/// memory, so BUSY, WAIT and their timeouts observe real asynchronous work.
/// </summary>
internal sealed class DeviceEngine : IDisposable
{
    private readonly BlockingCollection<EngineCommand> _queue = new();
    private readonly Thread _thread;
    private readonly Func<DeviceObject, nint> _memory;
    private readonly Action<EngineCommand> _completed;
    private readonly ManualResetEventSlim _running = new(true);

    /// <param name="memory">The engine-side memory of an object (a stable pointer while the object is busy).</param>
    /// <param name="completed">Called on the engine thread after each command.</param>
    public DeviceEngine(Func<DeviceObject, nint> memory, Action<EngineCommand> completed)
    {
        _memory = memory;
        _completed = completed;
        _thread = new Thread(Run) { IsBackground = true, Name = "abikit-device-engine" };
        _thread.Start();
    }

    public void Submit(EngineCommand command) => _queue.Add(command);

    /// <summary>Holds the engine before its next command (tests use it to make work observably pending).</summary>
    public void Pause() => _running.Reset();

    /// <summary>Lets the engine go on.</summary>
    public void Resume() => _running.Set();

    private unsafe void Run()
    {
        foreach (var command in _queue.GetConsumingEnumerable())
        {
            _running.Wait();
            byte* dst = (byte*)_memory(command.Destination) + command.DestinationOffset;
            // Spans are int-sized and objects may be larger: work in chunks.
            const ulong Chunk = 1 << 30;
            switch (command.Op)
            {
                case EngineOp.Fill:
                    for (ulong done = 0; done < command.Size; done += Chunk)
                        new Span<byte>(dst + done, (int)Math.Min(Chunk, command.Size - done)).Fill(command.Value);
                    break;
                case EngineOp.Copy:
                    byte* src = (byte*)_memory(command.Source!) + command.SourceOffset;
                    Buffer.MemoryCopy(src, dst, (long)command.Size, (long)command.Size);
                    break;
                case EngineOp.Checksum:
                    byte* from = (byte*)_memory(command.Source!) + command.SourceOffset;
                    ulong hash = FnvOffsetBasis;
                    for (ulong done = 0; done < command.Size; done += Chunk)
                        hash = Fnv1a(new ReadOnlySpan<byte>(from + done, (int)Math.Min(Chunk, command.Size - done)), hash);
                    BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(dst, 8), hash);
                    break;
            }
            _completed(command);
        }
    }

    /// <summary>FNV-1a's 64-bit offset basis.</summary>
    public const ulong FnvOffsetBasis = 0xcbf29ce484222325;

    /// <summary>64-bit FNV-1a, the hash CHECKSUM writes; continue a hash by passing the previous result.</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> data, ulong hash = FnvOffsetBasis)
    {
        foreach (byte b in data) hash = (hash ^ b) * 0x100000001b3;
        return hash;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _running.Set();
        _thread.Join();
        _queue.Dispose();
        _running.Dispose();
    }
}
