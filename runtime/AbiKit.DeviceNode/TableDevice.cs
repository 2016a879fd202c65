using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.DeviceNode;

/// <summary>
/// Serves any generated <see cref="DispatchTable{THandler}"/> and handler: each open is a new
/// <see cref="DrmFile"/>, ioctls go through the table. It has nothing to map (faults are EIO). Devices with
/// objects to map implement <see cref="IServedDevice"/> themselves (as the reference device does).
/// </summary>
public sealed class TableDevice<THandler> : IServedDevice
{
    private readonly DispatchTable<THandler> _table;
    private readonly THandler _handler;
    private readonly Action<DrmFile>? _onOpen;
    private readonly Action<DrmFile>? _onClose;

    /// <summary>Creates the served device.</summary>
    /// <param name="identity">What DRM_IOCTL_VERSION answers.</param>
    /// <param name="table">The generated dispatch table.</param>
    /// <param name="handler">The device behind it.</param>
    /// <param name="onOpen">Sets up a new file's driver state.</param>
    /// <param name="onClose">Tears a file down (after its last ioctl).</param>
    public TableDevice(DriverIdentity identity, DispatchTable<THandler> table, THandler handler, Action<DrmFile>? onOpen = null, Action<DrmFile>? onClose = null)
    {
        Identity = identity;
        _table = table;
        _handler = handler;
        _onOpen = onOpen;
        _onClose = onClose;
    }

    /// <inheritdoc />
    public DriverIdentity Identity { get; }

    /// <inheritdoc />
    public IServedFile Open(DrmNode node, NodeCaller caller)
    {
        var file = new DrmFile(node) { HasSysAdmin = caller.HasSysAdmin };
        _onOpen?.Invoke(file);
        return new TableFile(this, file);
    }

    private sealed class TableFile(TableDevice<THandler> device, DrmFile file) : IServedFile
    {
        private int _closed;

        public Errno Ioctl(uint request, Span<byte> argument) => device._table.Dispatch(device._handler, file, request, argument);

        public IoctlResult IoctlWithResult(uint request, Span<byte> argument) => device._table.DispatchResult(device._handler, file, request, argument);

        public Errno ReadMapping(ulong offset, Span<byte> destination) => Errno.EIO;

        public Errno WriteMapping(ulong offset, ReadOnlySpan<byte> source) => Errno.Ok;

        public void BeforeIoctl(uint request, ReadOnlySpan<byte> argument, ICpuCache cache)
        {
        }

        public void AfterIoctl(uint request, ReadOnlySpan<byte> argument, Errno result, ICpuCache cache)
        {
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0) device._onClose?.Invoke(file);
        }
    }
}
