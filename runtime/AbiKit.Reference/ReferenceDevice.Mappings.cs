using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference;

// CPU mappings: each its own mmap of the object's pages (plus a zero guard page), holding a reference to the
// object, remapped in place when the object moves (the kernel's zap-and-refault), kept after Dispose.
public sealed unsafe partial class ReferenceDevice
{
    private int _liveMappings;

    /// <summary>Live CPU mappings of this device's objects, also after Dispose (each keeps its memfd's pages until unmapped).</summary>
    internal int LiveMappingCount => Volatile.Read(ref _liveMappings);

    /// <summary>
    /// Maps an object by its fake offset, for the client that holds it: a mapping of its own of the object's
    /// pages (see <see cref="MappedObject"/>), holding a reference to the object.
    /// </summary>
    internal Errno Map(DrmFile file, ulong offset, ulong length, out MappedObject? mapping)
    {
        mapping = null;
        lock (_gate)
        {
            if (!_byFakeOffset.TryGetValue(offset, out var obj)) return Errno.EINVAL;
            if (!Client(file).ByObject.TryGetValue(obj.Id, out uint handle)) return Errno.EACCES; // drm_vma_node_is_allowed
            if (length == 0 || length > obj.Size) return Errno.EINVAL;
            // i915 would SIGBUS at the first touch; refusing the mapping is what a .NET host survives (IGT's
            // dontneed-before-mmap accepts a failed mmap). A mapping gives the object its pages.
            if (UsePages(obj, handle, IoctlNames.MmapOffset) is var pages && pages != Errno.Ok) return pages;
            ulong mapped = RoundToPages(length);
            ulong reserved = mapped + _pageSize;
            // Reserve the range with a read-only zero page after the object's pages: a read past the end finds
            // zeros, not whatever the kernel happened to map next (another object's mapping, say).
            void* at = LibC.Mmap(null, (nuint)reserved, LibC.PROT_READ, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
            if (at == LibC.MAP_FAILED) return Errno.ENOMEM;
            if (!MapPages(at, mapped, obj.Cpu))
            {
                LibC.Munmap(at, (nuint)reserved);
                return Errno.ENOMEM;
            }
            mapping = new MappedObject(this, obj, length, (byte*)at, mapped, reserved);
            (obj.Mappings ??= new()).Add(mapping);
            Get(obj);
            Interlocked.Increment(ref _liveMappings);
            return Errno.Ok;
        }
    }

    /// <summary>Maps <paramref name="bytes"/> of <paramref name="memory"/> at <paramref name="at"/>, replacing what was there.</summary>
    private bool MapPages(void* at, ulong bytes, Allocation memory)
        => LibC.Mmap(at, (nuint)bytes, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED | LibC.MAP_FIXED,
            _store.FileDescriptor(memory), memory.Offset) != LibC.MAP_FAILED;

    /// <summary>
    /// The object's CPU memory moved (under <see cref="_gate"/>, before anything can reuse the old memory): its
    /// mappings now map the new memory at the same addresses, as the kernel zaps and refaults them.
    /// </summary>
    private void RemapMappings(DeviceObject obj)
    {
        if (obj.Mappings is not { } mappings) return;
        foreach (var mapping in mappings)
        {
            if (MapPages(mapping.Address, mapping.MappedBytes, obj.Cpu)) continue;
            // Out of address-space bookkeeping (vm.max_map_count): revoke rather than leave the old memory
            // mapped. Anonymous zero pages in its place: reads see zeros, writes fault, as after a zap.
            LibC.Mmap(mapping.Address, (nuint)mapping.MappedBytes, LibC.PROT_READ, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_FIXED, -1, 0);
        }
    }

    /// <summary>munmap of a mapping: the device forgets it and drops its reference.</summary>
    internal void Unmap(MappedObject mapping)
    {
        Interlocked.Decrement(ref _liveMappings);
        if (!Enter()) return; // disposed: the device has no memory left; the mapping's own pages go with munmap
        try
        {
            lock (_gate)
            {
                mapping.Object.Mappings!.Remove(mapping);
                Put(mapping.Object);
            }
        }
        finally
        {
            Leave();
        }
    }
}
