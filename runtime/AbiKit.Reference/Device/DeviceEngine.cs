using System.Buffers.Binary;
using System.Collections.Concurrent;
using AbiKit.Interop.Alloc;
using AbiKit.Runtime;

namespace AbiKit.Reference.Device;

/// <summary>One command for the engine. Objects stay busy (so neither freed, purged nor moved) until it completes.</summary>
internal sealed record EngineCommand(EngineOp Op, DeviceObject? Source, ulong SourceOffset, DeviceObject Destination, ulong DestinationOffset, ulong Size, byte Value);

/// <summary>Where the engine finds an object's memory: device memory it owns, or a USERPTR range of the caller's.</summary>
/// <param name="Address">Start of the memory.</param>
/// <param name="IsUser">True for user memory, which may vanish under the engine (the caller's bug) and is
/// therefore only touched through copies that fail with EFAULT instead of faulting the process.</param>
/// <param name="ProcessId">For user memory of another process (a caller on a device node): its pid; 0 for this process.</param>
internal readonly record struct EngineMemory(nint Address, bool IsUser, int ProcessId = 0);

/// <summary>
/// The simulated device engine: a thread of its own that really reads and writes objects' device-side
/// memory — and USERPTR objects' user memory, zero-copy — so BUSY, WAIT and their timeouts observe real
/// asynchronous work.
/// </summary>
internal sealed class DeviceEngine : IDisposable
{
    // Spans are int-sized and objects may be larger; user memory goes through a bounce buffer of this size.
    private const int Chunk = 1 << 20;

    private readonly BlockingCollection<EngineCommand> _queue = new();
    private readonly Thread _thread;
    private readonly Func<DeviceObject, EngineMemory> _memory;
    private readonly Action<EngineCommand, Errno> _completed;
    private readonly ManualResetEventSlim _running = new(true);
    private readonly byte[] _bounce = GC.AllocateUninitializedArray<byte>(Chunk, pinned: true);

    /// <param name="memory">An object's engine-side memory (stable while the object is busy).</param>
    /// <param name="completed">Called on the engine thread after each command, with EFAULT when user memory was gone.</param>
    public DeviceEngine(Func<DeviceObject, EngineMemory> memory, Action<EngineCommand, Errno> completed)
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

    private void Run()
    {
        foreach (var command in _queue.GetConsumingEnumerable())
        {
            _running.Wait();
            _completed(command, Execute(command));
        }
    }

    private unsafe Errno Execute(EngineCommand c)
    {
        var dst = _memory(c.Destination);
        byte* d = (byte*)dst.Address + c.DestinationOffset;
        fixed (byte* bounce = _bounce)
        {
            switch (c.Op)
            {
                case EngineOp.Fill:
                    if (!dst.IsUser)
                    {
                        for (ulong done = 0; done < c.Size; done += Chunk) new Span<byte>(d + done, (int)Math.Min(Chunk, c.Size - done)).Fill(c.Value);
                        return Errno.Ok;
                    }
                    _bounce.AsSpan().Fill(c.Value);
                    for (ulong done = 0; done < c.Size; done += Chunk)
                    {
                        var r = UserMemory.ToUser((ulong)d + done, bounce, Math.Min(Chunk, c.Size - done), dst.ProcessId);
                        if (r != Errno.Ok) return r;
                    }
                    return Errno.Ok;

                case EngineOp.Copy:
                    var src = _memory(c.Source!);
                    byte* s = (byte*)src.Address + c.SourceOffset;
                    if (!src.IsUser && !dst.IsUser)
                    {
                        Buffer.MemoryCopy(s, d, (long)c.Size, (long)c.Size);
                        return Errno.Ok;
                    }
                    if (!dst.IsUser) return UserMemory.FromUser(d, (ulong)s, c.Size, src.ProcessId);
                    if (!src.IsUser) return UserMemory.ToUser((ulong)d, s, c.Size, dst.ProcessId);
                    for (ulong done = 0; done < c.Size; done += Chunk)
                    {
                        ulong n = Math.Min(Chunk, c.Size - done);
                        var r = UserMemory.FromUser(bounce, (ulong)s + done, n, src.ProcessId);
                        if (r == Errno.Ok) r = UserMemory.ToUser((ulong)d + done, bounce, n, dst.ProcessId);
                        if (r != Errno.Ok) return r;
                    }
                    return Errno.Ok;

                default: // Checksum
                    var from = _memory(c.Source!);
                    byte* f = (byte*)from.Address + c.SourceOffset;
                    ulong hash = FnvOffsetBasis;
                    for (ulong done = 0; done < c.Size; done += Chunk)
                    {
                        int n = (int)Math.Min(Chunk, c.Size - done);
                        if (from.IsUser)
                        {
                            var r = UserMemory.FromUser(bounce, (ulong)f + done, (ulong)n, from.ProcessId);
                            if (r != Errno.Ok) return r;
                            hash = Fnv1a(new ReadOnlySpan<byte>(bounce, n), hash);
                        }
                        else
                        {
                            hash = Fnv1a(new ReadOnlySpan<byte>(f + done, n), hash);
                        }
                    }
                    Span<byte> result = stackalloc byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(result, hash);
                    if (!dst.IsUser)
                    {
                        result.CopyTo(new Span<byte>(d, 8));
                        return Errno.Ok;
                    }
                    fixed (byte* p = result) return UserMemory.ToUser((ulong)d, p, 8, dst.ProcessId);
            }
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
