using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Nodes;

/// <summary>What DRM_IOCTL_VERSION reports for a served device (drm_driver's name, date, desc and version).</summary>
/// <param name="Name">Driver name, e.g. "abikit".</param>
/// <param name="Date">Driver date string.</param>
/// <param name="Description">Driver description.</param>
/// <param name="Major">Major version.</param>
/// <param name="Minor">Minor version.</param>
/// <param name="Patch">Patch level.</param>
public sealed record DriverIdentity(string Name, string Date, string Description, int Major = 1, int Minor = 0, int Patch = 0);

/// <summary>
/// A device that can be served behind a device node (see AbiKit.DeviceNode): every open(2) of the node is one
/// <see cref="Open"/>, every ioctl(2) on that open file one <see cref="IServedFile.Ioctl"/>.
/// </summary>
public interface IServedDevice
{
    /// <summary>What DRM_IOCTL_VERSION answers.</summary>
    DriverIdentity Identity { get; }

    /// <summary>Opens a new client (its own handle namespace) on <paramref name="node"/> for <paramref name="caller"/>.</summary>
    IServedFile Open(DrmNode node, NodeCaller caller);
}

/// <summary>Who opened a node: what the kernel's drm_file_alloc() looks at.</summary>
/// <param name="Pid">The opening thread's id.</param>
/// <param name="HasSysAdmin">The opener had CAP_SYS_ADMIN in its effective set (such primary-node files are authenticated).</param>
public readonly record struct NodeCaller(int Pid, bool HasSysAdmin);

/// <summary>
/// One open file of a served device. The node calls <see cref="IDisposable.Dispose"/> on the last close(2),
/// after every in-flight ioctl of the file has returned.
/// </summary>
public interface IServedFile : IDisposable
{
    /// <summary>
    /// An ioctl, through the device's dispatch table. <paramref name="argument"/> holds the caller's
    /// _IOC_SIZE bytes; memory it points to is reached through <see cref="CallerMemory"/>.
    /// </summary>
    Errno Ioctl(uint request, Span<byte> argument);

    /// <summary>As <see cref="Ioctl"/>, returning the ioctl's non-negative result on success (a new file descriptor);
    /// devices whose ioctls all return 0 need not implement it.</summary>
    IoctlResult IoctlWithResult(uint request, Span<byte> argument) => Ioctl(request, argument);

    /// <summary>
    /// Fills <paramref name="destination"/> from the file's mapping space at <paramref name="offset"/> (a page
    /// fault of an mmap). Bytes of objects the file does not hold must never be shown: EIO when the first byte
    /// is not in an object the file holds; later bytes outside such objects read as zeros.
    /// </summary>
    Errno ReadMapping(ulong offset, Span<byte> destination);

    /// <summary>Stores <paramref name="source"/> (written-back dirty pages of an mmap) at <paramref name="offset"/>; bytes outside the file's objects are dropped.</summary>
    Errno WriteMapping(ulong offset, ReadOnlySpan<byte> source);

    /// <summary>Cache maintenance the CPU's caches (the node's page cache) need before <paramref name="request"/> runs: typically write back.</summary>
    void BeforeIoctl(uint request, ReadOnlySpan<byte> argument, ICpuCache cache);

    /// <summary>Cache maintenance after <paramref name="request"/> returned <paramref name="result"/>: typically invalidate.</summary>
    void AfterIoctl(uint request, ReadOnlySpan<byte> argument, Errno result, ICpuCache cache);
}

/// <summary>The CPU caches of one open file's mappings (a device node's page cache).</summary>
public interface ICpuCache
{
    /// <summary>Writes dirty cached bytes of the range back to the device (<see cref="IServedFile.WriteMapping"/>) and drops them.</summary>
    void WriteBack(ulong offset, ulong length);

    /// <summary>Drops cached bytes of the range, so the next access reads the device (<see cref="IServedFile.ReadMapping"/>).</summary>
    void Invalidate(ulong offset, ulong length);
}
