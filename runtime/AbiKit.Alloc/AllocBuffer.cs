using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Semantics;

namespace AbiKit.Alloc;

/// <summary>
/// A buffer object of the abikit-alloc ABI, over any channel. It owns its handle (Dispose closes it) and
/// makes the ABI's rules hard to break: pins are scopes, and the object's memory is reachable only through a
/// CPU-access scope that begins and ends CPU access (the cache maintenance non-coherent objects need).
/// Failing ioctls throw <see cref="IoctlException"/>; the generated <see cref="AllocClient"/> returns errno
/// values instead for callers that want them.
/// </summary>
public sealed class AllocBuffer : IDisposable
{
    private readonly AllocClient _client;
    private readonly PageAlignedMemory? _userMemory;
    private IMappedMemory? _mapping;
    private int _windowGeneration;
    private AccessFlags _window;
    private bool _closed;

    private AllocBuffer(IIoctlChannel channel, BoHandle handle, ulong size, Caching caching, PageAlignedMemory? userMemory = null)
    {
        _client = new AllocClient(channel);
        Handle = handle;
        Size = size;
        Caching = caching;
        _userMemory = userMemory;
        userMemory?.AddUser();
    }

    /// <summary>The object's handle in its channel's client.</summary>
    public BoHandle Handle { get; }

    /// <summary>Size in bytes (whole pages).</summary>
    public ulong Size { get; }

    /// <summary>CPU caching of its mappings.</summary>
    public Caching Caching { get; }

    /// <summary>The channel (open device file) the handle belongs to.</summary>
    public IIoctlChannel Channel => _client.Channel;

    /// <summary>Creates an object of at least <paramref name="size"/> bytes. Dispose it to close the handle.</summary>
    /// <exception cref="IoctlException">CREATE failed (EINVAL, E2BIG, ENOMEM).</exception>
    [AbiSemantic(SemanticEffect.Creates)]
    public static AllocBuffer Create(IIoctlChannel channel, ulong size, Caching caching = Caching.Cached)
    {
        TryCreate(channel, size, caching, out var buffer).ThrowIfFailed(AllocIoctls.Create);
        return buffer!;
    }

    /// <summary>Creates an object, returning the errno instead of throwing.</summary>
    [AbiSemantic(SemanticEffect.Creates)]
    public static Errno TryCreate(IIoctlChannel channel, ulong size, Caching caching, out AllocBuffer? buffer)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var args = new CreateArgs { Size = size, Caching = caching };
        var result = new AllocClient(channel).Create(ref args);
        buffer = result == Errno.Ok ? new AllocBuffer(channel, args.Handle, args.Size, caching) : null;
        return result;
    }

    /// <summary>Opens an object another client exported (see <see cref="Export"/>).</summary>
    /// <exception cref="IoctlException">IMPORT failed (ENOENT for an unknown token).</exception>
    [AbiSemantic(SemanticEffect.Imports)]
    public static AllocBuffer Import(IIoctlChannel channel, ulong token, Caching caching = Caching.Cached)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var args = new ImportArgs { Token = token };
        new AllocClient(channel).Import(ref args).ThrowIfFailed(AllocIoctls.Import);
        return new AllocBuffer(channel, args.Handle, args.Size, caching);
    }

    /// <summary>
    /// Wraps <paramref name="memory"/> in an object without copying (USERPTR): the device reads and writes it
    /// directly. Its pages stay pinned, charged against the pin limit, until the buffer is disposed; the memory
    /// cannot be freed before that. Pinning costs more than copying small buffers (see docs/benchmarks.md for
    /// the break-even size). CPU access still goes through <see cref="BeginCpuAccess"/> (the memory's own span
    /// is for filling it before the device is told about it).
    /// </summary>
    /// <exception cref="IoctlException">USERPTR failed: EINVAL, E2BIG, EFAULT, ENOMEM (over the pin limit).</exception>
    [AbiSemantic(SemanticEffect.ImportsUserMemory, Object = "handle")]
    public static AllocBuffer FromUserMemory(IIoctlChannel channel, PageAlignedMemory memory, UserptrFlags flags = UserptrFlags.Probe)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(memory);
        var args = new UserptrArgs { UserPtr = memory.Address, UserSize = memory.Length, Flags = flags };
        new AllocClient(channel).Userptr(ref args).ThrowIfFailed(AllocIoctls.Userptr);
        return new AllocBuffer(channel, args.Handle, memory.Length, Caching.Cached, memory);
    }

    /// <summary>Refused: a managed array cannot be handed to USERPTR.</summary>
    /// <remarks>
    /// The device keeps using the address for as long as the buffer lives, but the garbage collector may move a
    /// <c>byte[]</c> (or free it once unreachable) meanwhile, and its data is not page-aligned. Use
    /// <see cref="PageAlignedMemory"/>, or copy into a buffer from <see cref="Create"/> with <see cref="Write"/>.
    /// It carries the import's semantics so that the analyzers flag the call too (ABI006) and offer to allocate
    /// <see cref="PageAlignedMemory"/> instead.
    /// </remarks>
    [AbiSemantic(SemanticEffect.ImportsUserMemory, Object = "handle")]
    [Obsolete("USERPTR needs memory that never moves and is page-aligned: the GC may move a byte[] while the device still uses its old address. Allocate PageAlignedMemory (or copy into a buffer from AllocBuffer.Create) instead.", error: true)]
    public static AllocBuffer FromUserMemory(IIoctlChannel channel, byte[] array, UserptrFlags flags = UserptrFlags.Probe)
        => throw new NotSupportedException("USERPTR needs PageAlignedMemory, not a managed array");

    /// <summary>An unguessable token another client can <see cref="Import"/> the object with.</summary>
    [AbiSemantic(SemanticEffect.Exports)]
    public ulong Export()
    {
        var args = new ExportArgs { Handle = LiveHandle() };
        _client.Export(ref args).ThrowIfFailed(AllocIoctls.Export);
        return args.Token;
    }

    /// <summary>Pins the object until the scope is disposed: it is neither purged nor moved meanwhile.</summary>
    /// <exception cref="IoctlException">PIN failed (ENOMEM over the pin limit).</exception>
    [AbiSemantic(SemanticEffect.Pins)]
    public PinScope Pin()
    {
        var args = new PinArgs { Handle = LiveHandle() };
        _client.Pin(ref args).ThrowIfFailed(AllocIoctls.Pin);
        return new PinScope(this);
    }

    /// <summary>
    /// Begins CPU access in <paramref name="access"/> direction: waits for conflicting device work and makes
    /// device writes visible. The object's memory is reachable through the scope's span until it is disposed,
    /// which ends CPU access (making CPU writes visible to the device). One window at a time.
    /// </summary>
    /// <exception cref="InvalidOperationException">A window is already open on this buffer.</exception>
    /// <exception cref="NotSupportedException">The channel cannot map objects (use <see cref="Read"/> and <see cref="Write"/>).</exception>
    [AbiSemantic(SemanticEffect.BeginsCpuAccess, Object = "handle", Access = "flags")]
    public CpuAccessScope BeginCpuAccess(CpuAccess access)
    {
        var handle = LiveHandle();
        if (_window != 0) throw new InvalidOperationException("a CPU access window is already open on this buffer: dispose it first");
        var flags = (access.HasFlag(CpuAccess.Read) ? AccessFlags.Read : 0) | (access.HasFlag(CpuAccess.Write) ? AccessFlags.Write : 0);
        if (flags == 0) throw new ArgumentException("say whether the CPU reads, writes or both", nameof(access));
        EnsureMapped();
        var args = new CpuAccessArgs { Handle = handle, Flags = flags };
        _client.CpuAccessBegin(ref args).ThrowIfFailed(AllocIoctls.CpuAccessBegin);
        _window = flags;
        return new CpuAccessScope(this, ++_windowGeneration, flags);
    }

    /// <summary>Copies from the object (PREAD): coherent with device writes, no window needed.</summary>
    public unsafe void Read(ulong offset, Span<byte> destination)
    {
        fixed (byte* p = destination)
        {
            var args = new PreadArgs { Handle = LiveHandle(), Offset = offset, Size = (ulong)destination.Length, DataPtr = (ulong)p };
            _client.Pread(ref args).ThrowIfFailed(AllocIoctls.Pread);
        }
    }

    /// <summary>Copies into the object (PWRITE): visible to device work submitted afterwards, no window needed.</summary>
    public unsafe void Write(ulong offset, ReadOnlySpan<byte> source)
    {
        fixed (byte* p = source)
        {
            var args = new PwriteArgs { Handle = LiveHandle(), Offset = offset, Size = (ulong)source.Length, DataPtr = (ulong)p };
            _client.Pwrite(ref args).ThrowIfFailed(AllocIoctls.Pwrite);
        }
    }

    /// <summary>Whether device work on the object is still pending.</summary>
    public bool IsBusy
    {
        get
        {
            var args = new BusyArgs { Handle = LiveHandle() };
            _client.Busy(ref args).ThrowIfFailed(AllocIoctls.Busy);
            return args.Busy != 0;
        }
    }

    /// <summary>Waits for device work on the object; false if <paramref name="timeout"/> passed first (negative: forever).</summary>
    public bool Wait(TimeSpan timeout)
    {
        var args = new WaitArgs { Handle = LiveHandle(), TimeoutNs = timeout < TimeSpan.Zero ? -1 : (long)(timeout.Ticks * 100) };
        var result = _client.Wait(ref args);
        if (result == Errno.ETIME) return false;
        result.ThrowIfFailed(AllocIoctls.Wait);
        return true;
    }

    /// <summary>
    /// Marks the memory needed or purgeable; returns whether the contents still exist. Once false, they are gone
    /// for good (as i915's purged state): every later use fails with EFAULT, so dispose the buffer and create another.
    /// </summary>
    public bool Advise(Advice advice)
    {
        var args = new MadviseArgs { Handle = LiveHandle(), Advice = advice };
        _client.Madvise(ref args).ThrowIfFailed(AllocIoctls.Madvise);
        return args.Retained != 0;
    }

    /// <summary>Unmaps and closes the handle. Idempotent.</summary>
    [AbiSemantic(SemanticEffect.Destroys)]
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        _mapping?.Dispose();
        var args = new CloseArgs { Handle = Handle };
        _client.Close(ref args); // a failing close on dispose has no one to report to; the handle is gone either way
        _userMemory?.RemoveUser();
    }

    internal void Unpin()
    {
        if (_closed) return;
        var args = new PinArgs { Handle = Handle };
        _client.Unpin(ref args).ThrowIfFailed(AllocIoctls.Unpin);
    }

    internal void EndCpuAccess(int generation, AccessFlags flags)
    {
        if (generation != _windowGeneration || _window == 0 || _closed) return;
        _window = 0;
        var args = new CpuAccessArgs { Handle = Handle, Flags = flags };
        _client.CpuAccessEnd(ref args).ThrowIfFailed(AllocIoctls.CpuAccessEnd);
    }

    internal Span<byte> WindowSpan(int generation, ulong offset, int length)
    {
        if (generation != _windowGeneration || _window == 0 || _closed)
            throw new InvalidOperationException("the CPU access window has ended: begin CPU access again before touching the buffer");
        return _userMemory is not null ? _userMemory.Span(offset, length) : _mapping!.Span(offset, length);
    }

    private BoHandle LiveHandle()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return Handle;
    }

    private void EnsureMapped()
    {
        if (_mapping is not null || _userMemory is not null) return; // USERPTR memory is the caller's already
        if (Channel is not IMappableChannel mappable) throw new NotSupportedException("this channel cannot map objects; use Read and Write");
        var args = new MmapOffsetArgs { Handle = Handle };
        _client.MmapOffset(ref args).ThrowIfFailed(AllocIoctls.MmapOffset);
        mappable.Map(args.Offset, Size, out _mapping).ThrowIfFailed(AllocIoctls.MmapOffset);
    }
}

/// <summary>A pin on a buffer; disposing it unpins.</summary>
public readonly struct PinScope : IDisposable
{
    private readonly AllocBuffer? _buffer;

    internal PinScope(AllocBuffer buffer) => _buffer = buffer;

    /// <summary>Unpins.</summary>
    [AbiSemantic(SemanticEffect.Unpins)]
    public void Dispose() => _buffer?.Unpin();
}

/// <summary>A CPU-access window on a buffer: its memory is reachable through <see cref="Span"/> until disposed.</summary>
public readonly struct CpuAccessScope : IDisposable
{
    private readonly AllocBuffer? _buffer;
    private readonly int _generation;
    private readonly AccessFlags _flags;

    internal CpuAccessScope(AllocBuffer buffer, int generation, AccessFlags flags)
    {
        _buffer = buffer;
        _generation = generation;
        _flags = flags;
    }

    /// <summary>The whole object (up to 2 GiB; use <see cref="Slice"/> for larger objects).</summary>
    /// <exception cref="InvalidOperationException">The window has ended.</exception>
    [AbiSemantic(SemanticEffect.RequiresCpuAccess)]
    public Span<byte> Span => Slice(0, (int)Math.Min(_buffer?.Size ?? 0, int.MaxValue));

    /// <summary>Part of the object.</summary>
    [AbiSemantic(SemanticEffect.RequiresCpuAccess)]
    public Span<byte> Slice(ulong offset, int length)
        => (_buffer ?? throw new InvalidOperationException("default CpuAccessScope")).WindowSpan(_generation, offset, length);

    /// <summary>Ends CPU access with the flags it began with.</summary>
    [AbiSemantic(SemanticEffect.EndsCpuAccess)]
    public void Dispose() => _buffer?.EndCpuAccess(_generation, _flags);
}
