using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

/// <summary>An open file of a <see cref="ReferenceDevice"/>: requests go through its dispatch table; it can map objects.</summary>
public sealed class ReferenceChannel : IMappableChannel
{
    private readonly InProcessChannel<ReferenceDevice> _channel;
    private readonly ReferenceDevice _device;

    internal ReferenceChannel(ReferenceDevice device, DrmFile file)
    {
        _device = device;
        _channel = new InProcessChannel<ReferenceDevice>(ReferenceDevice.Table, device, file, device.CloseClient);
    }

    /// <summary>The open file.</summary>
    public DrmFile File => _channel.File;

    /// <inheritdoc />
    public Errno Ioctl(uint request, Span<byte> argument)
        => _device.IsDisposed ? Errno.ENODEV : _channel.Ioctl(request, argument); // drm_dev_is_unplugged()

    /// <inheritdoc />
    public Errno Map(ulong offset, ulong length, out IMappedMemory? mapping)
    {
        var result = _device.Map(File, offset, length, out var mapped);
        mapping = mapped;
        return result;
    }

    /// <summary>Closes the file: the device releases every handle it still holds.</summary>
    public void Dispose() => _channel.Dispose();
}

/// <summary>A CPU mapping of an object. Its span follows the object if the device moves it.</summary>
public sealed unsafe class MappedObject : IMappedMemory
{
    private readonly ReferenceDevice _device;
    private readonly DeviceObject _object;
    private int _unmapped;

    internal MappedObject(ReferenceDevice device, DeviceObject obj, ulong length)
    {
        _device = device;
        _object = obj;
        Length = length;
    }

    /// <inheritdoc />
    public ulong Length { get; }

    /// <inheritdoc />
    public Span<byte> Span(ulong offset, int length)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _unmapped) != 0, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)length, Length - offset);
        return new Span<byte>(_device.CpuPointer(_object) + offset, length);
    }

    /// <summary>munmap.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _unmapped, 1) == 0) _device.Unmap(_object);
    }
}
