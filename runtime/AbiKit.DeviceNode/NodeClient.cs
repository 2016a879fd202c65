using AbiKit.DeviceNode.Fuse;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.DeviceNode;

/// <summary>
/// One open(2) of the node: a client of the device with its own handle namespace, and its own inode (so its
/// own page cache: one client's mappings never see another's cached pages). Released on the last close, once
/// its in-flight ioctls have returned.
/// </summary>
internal sealed class NodeClient : ICpuCache
{
    private readonly FuseDevice _fuse;
    private readonly object _gate = new();
    private int _inFlight;
    private bool _released;
    private bool _closed;
    private readonly ManualResetEventSlim _disposed = new();

    public NodeClient(ulong handle, ulong nodeId, DrmNode node, IServedFile file, FuseDevice fuse)
    {
        Handle = handle;
        NodeId = nodeId;
        Node = node;
        File = file;
        _fuse = fuse;
    }

    /// <summary>The node the file was opened on.</summary>
    public DrmNode Node { get; }

    private int _flushed;

    /// <summary>Told when the device file of a client marked flushed closes.</summary>
    public Action<NodeClient>? OnFlushedClosed { get; init; }

    /// <summary>A close(2) of one of its descriptors was seen (FLUSH); RELEASE follows if it was the last. True if newly marked.</summary>
    public bool MarkFlushed() => Interlocked.Exchange(ref _flushed, 1) == 0;

    /// <summary>Takes the flushed mark back (closed, or still open elsewhere); true if it was set.</summary>
    public bool ClearFlushed() => Interlocked.Exchange(ref _flushed, 0) == 1;

    /// <summary>Marked flushed and not closed yet.</summary>
    public bool Flushed => Volatile.Read(ref _flushed) == 1;

    /// <summary>Waits until the device file is closed, at most <paramref name="timeout"/>.</summary>
    public bool WaitClosed(TimeSpan timeout) => _disposed.Wait(timeout);

    /// <summary>The FUSE file handle (fh) the kernel names this open file by.</summary>
    public ulong Handle { get; }

    /// <summary>The client's own inode.</summary>
    public ulong NodeId { get; }

    public IServedFile File { get; }

    /// <summary>Starts a request; false once the file is closed.</summary>
    public bool Enter()
    {
        lock (_gate)
        {
            if (_closed) return false;
            _inFlight++;
            return true;
        }
    }

    /// <summary>Ends a request; the last one after RELEASE closes the device file.</summary>
    public void Exit()
    {
        bool close;
        lock (_gate)
        {
            _inFlight--;
            close = _released && _inFlight == 0 && !_closed;
            if (close) _closed = true;
        }
        if (close) CloseFile();
    }

    /// <summary>RELEASE: the last close(2) of the file. The kernel sends it only after in-flight ioctls return; the count makes that our rule too.</summary>
    public void Release()
    {
        bool close;
        lock (_gate)
        {
            _released = true;
            close = _inFlight == 0 && !_closed;
            if (close) _closed = true;
        }
        if (close) CloseFile();
    }

    private void CloseFile()
    {
        File.Dispose();
        _disposed.Set();
        if (ClearFlushed()) OnFlushedClosed?.Invoke(this);
    }

    /// <inheritdoc />
    public void WriteBack(ulong offset, ulong length) => Invalidate(offset, length); // invalidation launders dirty pages first

    /// <inheritdoc />
    public void Invalidate(ulong offset, ulong length)
    {
        if (length == 0 || offset > long.MaxValue || length > long.MaxValue) return;
        // ENOENT: the kernel has no such inode cached (nothing was mapped), so there is nothing to drop.
        _fuse.InvalidateInode(NodeId, (long)offset, (long)length);
    }
}
