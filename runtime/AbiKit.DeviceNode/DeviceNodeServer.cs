using System.Runtime.InteropServices;
using AbiKit.DeviceNode.Fuse;
using AbiKit.Runtime.Nodes;

namespace AbiKit.DeviceNode;

/// <summary>Options of a served node.</summary>
public sealed class DeviceNodeOptions
{
    /// <summary>The render node's file name inside the served directory (default "renderD128").</summary>
    public string NodeName { get; init; } = "renderD128";

    /// <summary>
    /// The primary node's file name (default "card0"), or null to serve only the render node. Both nodes reach the
    /// same device; files opened on the primary node follow DRM's master and authentication rules.
    /// </summary>
    public string? PrimaryNodeName { get; init; } = "card0";

    /// <summary>Most reader threads at once (each blocked ioctl holds one).</summary>
    public int MaxThreads { get; init; } = 64;

    /// <summary>Told of any exception a request raised (the request answered EIO).</summary>
    public Action<Exception>? OnError { get; init; }
}

/// <summary>
/// Serves an <see cref="IServedDevice"/> behind real files, <c>&lt;directory&gt;/renderD128</c> and <c>card0</c>, through FUSE: the
/// kernel's protocol spoken directly on /dev/fuse, with no native library. Unmodified C programs open(2) the
/// node (one client per open), ioctl(2) it (the device's dispatch table, with drm_ioctl() semantics) and
/// mmap(2) it at an object's MMAP_OFFSET (the kernel's page cache of the client's own inode playing the CPU
/// caches). Disposing unmounts (lazily) and aborts the connection; needs root or CAP_SYS_ADMIN.
/// </summary>
public sealed class DeviceNodeServer : IDisposable
{
    private readonly FuseDevice _fuse;
    private readonly FuseSession _session;
    private PosixSignalRegistration? _sigint;
    private PosixSignalRegistration? _sigterm;
    private int _disposed;

    private DeviceNodeServer(string directory, string nodePath, string? primaryNodePath, FuseDevice fuse, FuseSession session)
    {
        Directory = directory;
        NodePath = nodePath;
        PrimaryNodePath = primaryNodePath;
        _fuse = fuse;
        _session = session;
    }

    /// <summary>The mounted directory.</summary>
    public string Directory { get; }

    /// <summary>The render node's path: what a C program opens.</summary>
    public string NodePath { get; }

    /// <summary>The primary node's path, or null when only the render node is served.</summary>
    public string? PrimaryNodePath { get; }

    /// <summary>Open files (clients) right now.</summary>
    public int ClientCount => _session.ClientCount;

    /// <summary>
    /// Mounts <paramref name="directory"/> (created if missing) and starts serving <paramref name="device"/>.
    /// Throws <see cref="DeviceNodeException"/> when /dev/fuse or the privilege to mount is missing.
    /// </summary>
    public static DeviceNodeServer Start(IServedDevice device, string directory, DeviceNodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        options ??= new DeviceNodeOptions();
        CheckFileName(options.NodeName, nameof(options));
        if (options.PrimaryNodeName is { } primary)
        {
            CheckFileName(primary, nameof(options));
            if (primary == options.NodeName) throw new ArgumentException($"the primary and the render node are both named '{primary}'", nameof(options));
        }
        string full = Path.GetFullPath(directory);
        FuseDevice.DetachDeadMount(full); // a crashed server's mount would make the directory unusable
        System.IO.Directory.CreateDirectory(full);
        var fuse = FuseDevice.Mount(full);
        var session = new FuseSession(fuse, device, options);
        session.Start();
        string nodePath = Path.Combine(full, options.NodeName);
        string? primaryPath = options.PrimaryNodeName is { } name ? Path.Combine(full, name) : null;
        DeviceNodePaths.Register(nodePath);
        if (primaryPath is not null) DeviceNodePaths.Register(primaryPath);
        return new DeviceNodeServer(full, nodePath, primaryPath, fuse, session);
    }

    private static void CheckFileName(string name, string parameter)
    {
        if (name.Length == 0 || name.Contains('/') || name.Contains('\0') || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a file name", parameter);
    }

    /// <summary>Also stops (unmounts) on SIGINT and SIGTERM, then lets the process exit as it would.</summary>
    public void StopOnTerminationSignals()
    {
        _sigint ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Dispose());
        _sigterm ??= PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Dispose());
    }

    /// <summary>Unmounts, aborts the connection (open nodes then fail with ENOTCONN) and closes every client's file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _sigint?.Dispose();
        _sigterm?.Dispose();
        DeviceNodePaths.Unregister(NodePath);
        if (PrimaryNodePath is not null) DeviceNodePaths.Unregister(PrimaryNodePath);
        _fuse.Dispose();
        // Readers leave once the aborted connection fails their read; a reader stuck in a device call (a WAIT
        // without timeout) is a background thread and must not hold the caller here forever.
        bool drained = _session.WaitForReaders(TimeSpan.FromSeconds(10));
        _session.ReleaseAll();
        if (drained) _fuse.CloseDescriptor();
    }
}
