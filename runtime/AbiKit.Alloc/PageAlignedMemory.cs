using System.Runtime.InteropServices;

namespace AbiKit.Alloc;

/// <summary>
/// Native memory that USERPTR can wrap: page-aligned, a whole number of pages, zero-filled, and never moved
/// by the garbage collector. Managed arrays are none of these — the GC may move a <c>byte[]</c> (or compact it
/// away) while the device still reads and writes its old address, and its data is not page-aligned — which is
/// why <see cref="AllocBuffer.FromUserMemory(Runtime.Channels.IIoctlChannel, PageAlignedMemory, Interop.Alloc.UserptrFlags)"/>
/// takes this type and not an array or a span.
/// </summary>
public sealed unsafe class PageAlignedMemory : IDisposable
{
    private void* _memory;
    private int _users;

    private PageAlignedMemory(void* memory, ulong length)
    {
        _memory = memory;
        Length = length;
    }

    /// <summary>Allocates at least <paramref name="bytes"/> bytes, rounded up to whole pages, zero-filled.</summary>
    public static PageAlignedMemory Allocate(ulong bytes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bytes);
        ulong page = (ulong)Environment.SystemPageSize;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, ulong.MaxValue - page);
        ulong length = (bytes + page - 1) / page * page;
        void* memory = NativeMemory.AlignedAlloc((nuint)length, (nuint)page);
        NativeMemory.Clear(memory, (nuint)length);
        return new PageAlignedMemory(memory, length);
    }

    /// <summary>Length in bytes (whole pages).</summary>
    public ulong Length { get; }

    /// <summary>The address, as USERPTR's user_ptr.</summary>
    public ulong Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(_memory is null, this);
            return (ulong)_memory;
        }
    }

    /// <summary>The memory as a span (up to 2 GiB from <paramref name="offset"/>). Device access to it still needs a CPU-access window.</summary>
    public Span<byte> Span(ulong offset = 0, int length = -1)
    {
        ObjectDisposedException.ThrowIf(_memory is null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        int count = length < 0 ? (int)Math.Min(Length - offset, int.MaxValue) : length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)count, Length - offset);
        return new Span<byte>((byte*)_memory + offset, count);
    }

    internal void AddUser() => Interlocked.Increment(ref _users);

    internal void RemoveUser() => Interlocked.Decrement(ref _users);

    /// <summary>Frees the memory.</summary>
    /// <exception cref="InvalidOperationException">A buffer object still wraps it: dispose the buffer first.</exception>
    public void Dispose()
    {
        if (_memory is null) return;
        if (Volatile.Read(ref _users) > 0)
            throw new InvalidOperationException("a USERPTR buffer still wraps this memory: dispose the AllocBuffer first, or the device would keep using freed memory");
        NativeMemory.AlignedFree(_memory);
        _memory = null;
    }
}
