using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference;

/// <summary>An open file of a <see cref="ReferenceDevice"/>: requests go through its dispatch table; it can map objects.</summary>
public sealed class ReferenceChannel : IMappableChannel
{
    private readonly InProcessChannel<ReferenceDevice> _channel;
    private readonly ReferenceDevice _device;

    internal ReferenceChannel(ReferenceDevice device, DrmFile file)
    {
        _device = device;
        // One gate per call holds both the file (fget) and the device (drm_dev_enter): the file's gate is a child of
        // the device's.
        _channel = new InProcessChannel<ReferenceDevice>(ReferenceDevice.Table, device, file, device.CloseClient, device.Calls);
    }

    /// <summary>The open file.</summary>
    public DrmFile File => _channel.File;

    /// <inheritdoc />
    /// <remarks>A closed file answers EBADF; an unplugged device ENODEV, and is not torn down while a call is inside it.</remarks>
    public Errno Ioctl(uint request, Span<byte> argument) => _channel.Ioctl(request, argument);

    /// <inheritdoc />
    public Errno Map(ulong offset, ulong length, out IMappedMemory? mapping)
    {
        mapping = null;
        if (!_channel.TryEnter()) return _device.IsDisposed && !_channel.IsClosed ? Errno.ENODEV : Errno.EBADF;
        try
        {
            var result = _device.Map(File, offset, length, out var mapped);
            mapping = mapped;
            return result;
        }
        finally
        {
            _channel.Exit();
        }
    }

    /// <summary>Closes the file: once its in-flight calls have returned, the device releases every handle it still holds.</summary>
    public void Dispose() => _channel.Dispose();
}

/// <summary>
/// A CPU mapping of an object: its own mmap of the object's pages, as a GEM mmap is, followed by a read-only
/// page of zeros so reading past the end never shows a neighbour's memory. It holds a reference to the object
/// (whose memory is not reused while it lives); when the device moves the object the mapping is remapped onto
/// the new memory at the same address, so even a span taken before the move writes the object, never what now
/// occupies its old place. The pages stay mapped after the device is disposed, until the mapping is.
/// </summary>
public sealed unsafe class MappedObject : IMappedMemory
{
    private readonly ReferenceDevice _device;
    private int _unmapped;

    internal MappedObject(ReferenceDevice device, DeviceObject obj, ulong length, byte* address, ulong mappedBytes, ulong reservedBytes)
    {
        _device = device;
        Object = obj;
        Length = length;
        Address = address;
        MappedBytes = mappedBytes;
        ReservedBytes = reservedBytes;
    }

    /// <inheritdoc />
    public ulong Length { get; }

    internal DeviceObject Object { get; }

    /// <summary>Where the object's pages are mapped.</summary>
    internal byte* Address { get; }

    /// <summary>Bytes of the object mapped: <see cref="Length"/> rounded up to whole pages.</summary>
    internal ulong MappedBytes { get; }

    /// <summary>Bytes of address space held, the guard page included.</summary>
    internal ulong ReservedBytes { get; }

    /// <inheritdoc />
    public Span<byte> Span(ulong offset, int length)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _unmapped) != 0, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)length, Length - offset);
        return new Span<byte>(Address + offset, length);
    }

    /// <summary>munmap: the device forgets the mapping (dropping its reference), then its pages are unmapped.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _unmapped, 1) != 0) return;
        _device.Unmap(this); // first, so no compaction remaps an address that is no longer this mapping's
        LibC.Munmap(Address, (nuint)ReservedBytes);
    }
}
