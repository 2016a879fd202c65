using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

// What a device node needs to serve mmap(2): an object's range in the mapping space, and copies between the
// CPU view and the node's page cache, for the client that holds the object only.
public sealed unsafe partial class ReferenceDevice
{
    /// <summary>The fake offset, size and coherence of an object <paramref name="file"/> holds; false for unknown handles and USERPTR objects.</summary>
    internal bool TryGetMappable(DrmFile file, uint handle, out ulong fakeOffset, out ulong size, out bool coherent)
    {
        lock (_gate)
        {
            fakeOffset = size = 0;
            coherent = true;
            if (_disposed || Client(file).Handles.TryGet(handle, out var entry) != HandleLookup.Found || entry.Object.IsUserptr) return false;
            fakeOffset = entry.Object.FakeOffset;
            size = entry.Object.Size;
            coherent = entry.Object.Coherent;
            return true;
        }
    }

    /// <summary>
    /// Copies between <paramref name="buffer"/> and the CPU view of the object <paramref name="file"/> holds as
    /// <paramref name="handle"/>, if that object still lives at <paramref name="fakeOffset"/> (a reused handle
    /// names another object: EIO, never its memory).
    /// </summary>
    internal Errno CopyMapping(DrmFile file, uint handle, ulong fakeOffset, ulong offsetInObject, Span<byte> buffer, bool toObject)
    {
        lock (_gate)
        {
            if (_disposed) return Errno.ENODEV;
            if (Client(file).Handles.TryGet(handle, out var entry) != HandleLookup.Found) return Errno.EIO;
            var obj = entry.Object;
            if (obj.IsUserptr || obj.Freed || obj.FakeOffset != fakeOffset) return Errno.EIO;
            if (OutOfRange(offsetInObject, (ulong)buffer.Length, obj.Size)) return Errno.EIO;
            var cpu = new Span<byte>(_store.Pointer(obj.Cpu) + offsetInObject, buffer.Length);
            if (toObject) buffer.CopyTo(cpu);
            else cpu.CopyTo(buffer);
            return Errno.Ok;
        }
    }
}
