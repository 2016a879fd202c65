using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference.Node;

/// <summary>
/// The reference device as a served device node (AbiKit.DeviceNode): every open(2) of the node is a
/// <see cref="ReferenceDevice.Open(AbiKit.Runtime.Dispatch.DrmNode, bool)"/>; mmap(2) at an object's MMAP_OFFSET reaches the object's CPU view
/// through the node's page cache, which plays the CPU caches of WRITE_COMBINED and UNCACHED objects.
/// </summary>
public sealed class ReferenceNodeDevice : IServedDevice
{
    /// <summary>Serves <paramref name="device"/>.</summary>
    public ReferenceNodeDevice(ReferenceDevice device) => Device = device;

    /// <summary>The device behind the node.</summary>
    public ReferenceDevice Device { get; }

    /// <inheritdoc />
    public DriverIdentity Identity { get; } = new("abikit", "20260101", "AbiKit reference allocator device", 1, 0, 0);

    /// <inheritdoc />
    public IServedFile Open(DrmNode node, NodeCaller caller) => new ReferenceNodeFile(Device, Device.Open(node, caller.HasSysAdmin));
}
