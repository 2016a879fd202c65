using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Channels;

/// <summary>
/// A channel to an in-process device: an open file of it. Requests go through the device's generated
/// <see cref="DispatchTable{THandler}"/>; disposing the channel closes the file, as close(2) would.
/// </summary>
public sealed class InProcessChannel<THandler> : IIoctlChannel
{
    private readonly DispatchTable<THandler> _table;
    private readonly THandler _handler;
    private readonly Action<DrmFile>? _onClose;
    private int _closed;

    /// <summary>Opens <paramref name="file"/> on a device.</summary>
    /// <param name="table">The device's dispatch table.</param>
    /// <param name="handler">The device.</param>
    /// <param name="file">The open file (its node and permissions).</param>
    /// <param name="onClose">Called once when the channel is disposed (the device's file teardown).</param>
    public InProcessChannel(DispatchTable<THandler> table, THandler handler, DrmFile file, Action<DrmFile>? onClose = null)
    {
        _table = table;
        _handler = handler;
        File = file;
        _onClose = onClose;
    }

    /// <summary>The open file.</summary>
    public DrmFile File { get; }

    /// <inheritdoc />
    public Errno Ioctl(uint request, Span<byte> argument)
        => Volatile.Read(ref _closed) != 0 ? Errno.EBADF : _table.Dispatch(_handler, File, request, argument);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) _onClose?.Invoke(File);
    }
}
