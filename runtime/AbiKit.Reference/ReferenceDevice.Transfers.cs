using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

// PREAD and PWRITE: i915's argument checks in its order, a reference on the object for the copy, and the copy
// itself outside the device's lock (direct for large private buffers of this process, else the kernel's checked copy).
public sealed unsafe partial class ReferenceDevice
{
    /// <inheritdoc />
    public Errno Pread(ref PreadArgs arg, DrmFile file)
    {
        // i915_gem_pread_ioctl()'s order: size 0 returns before the lookup, access_ok() before it too.
        if (arg.Size == 0) return Errno.Ok;
        if (!AccessOk(arg.DataPtr, arg.Size)) return Errno.EFAULT;
        var result = BeginTransfer(file, arg.Handle, arg.Offset, arg.Size, IoctlNames.Pread, givesPages: true, out var obj);
        if (result != Errno.Ok) return result;
        try
        {
            // Outside the lock: a fault on the caller's memory stalls only this caller, and the object can
            // neither go (the reference) nor move or be purged (InUse) meanwhile.
            var memory = obj!.EngineMemory;
            return UserMemory.ToUserFromObject(arg.DataPtr, _store.Pointer(memory) + arg.Offset, _store.FileDescriptor(memory), memory.Offset + (long)arg.Offset, arg.Size);
        }
        finally
        {
            EndTransfer(obj!);
        }
    }

    /// <inheritdoc />
    public Errno Pwrite(ref PwriteArgs arg, DrmFile file)
    {
        if (arg.Size == 0) return Errno.Ok;
        if (!AccessOk(arg.DataPtr, arg.Size)) return Errno.EFAULT;
        var result = BeginTransfer(file, arg.Handle, arg.Offset, arg.Size, IoctlNames.Pwrite, givesPages: false, out var obj);
        if (result != Errno.Ok) return result;
        try
        {
            var memory = obj!.EngineMemory;
            result = UserMemory.FromUserToObject(_store.Pointer(memory) + arg.Offset, arg.DataPtr, arg.Size);
            if (result == Errno.Ok && !obj.Coherent)
            {
                // Like a GTT write, pwrite reaches both the device and the CPU view.
                Buffer.MemoryCopy(_store.Pointer(obj.EngineMemory) + arg.Offset, _store.Pointer(obj.Cpu) + arg.Offset, (long)arg.Size, (long)arg.Size);
            }
            return result;
        }
        finally
        {
            EndTransfer(obj!);
        }
    }

    /// <summary>
    /// PREAD/PWRITE up to the copy: looks the object up, takes a reference (drm_gem_object_lookup) and waits
    /// for the engine; then gets its pages (EFAULT once purged) and marks it in use so it stays where it is while copied outside the lock.
    /// </summary>
    private Errno BeginTransfer(DrmFile file, BoHandle handle, ulong offset, ulong size, string ioctl, bool givesPages, out DeviceObject? obj)
    {
        obj = null;
        lock (_gate)
        {
            var result = Lookup(Client(file), handle, out var entry);
            if (result != Errno.Ok) return result;
            var found = entry.Object;
            if (found.IsUserptr) return Errno.EINVAL; // i915: "pread/pwrite to userptr no longer allowed"
            if (OutOfRange(offset, size, found.Size)) return Errno.EINVAL;
            Get(found);
            // Reads what the engine wrote, and must not write under its feet: wait for it first.
            if (!WaitIdle(found, long.MaxValue))
            {
                Put(found);
                return Errno.ENODEV;
            }
            // i915 gets the pages after the wait: EFAULT for a purged object (the wait let go of the lock). Its
            // PWRITE into an object without pages fills the shmem page cache and gets none (shmem_pwrite): a
            // DONTNEED then still truncates what was written, which IGT gem_madvise@dontneed-before-exec needs.
            if (UsePages(found, handle.Value, ioctl, givesPages) is var pages && pages != Errno.Ok)
            {
                Put(found);
                return pages;
            }
            found.InUse++;
            obj = found;
            return Errno.Ok;
        }
    }

    private void EndTransfer(DeviceObject obj)
    {
        lock (_gate)
        {
            obj.InUse--;
            Put(obj);
        }
    }

    // access_ok(): the range lies in user space (x86-64 TASK_SIZE_MAX with 4-level paging; arm64's 48 bits).
    private static readonly ulong s_userSpaceEnd = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
        == System.Runtime.InteropServices.Architecture.Arm64 ? 1UL << 48 : (1UL << 47) - 4096;

    /// <summary>The kernel's access_ok(): the range neither wraps nor reaches past user space. Touches nothing.</summary>
    private static bool AccessOk(ulong pointer, ulong size) => size <= s_userSpaceEnd && pointer <= s_userSpaceEnd - size;

    /// <summary>The kernel's range_overflows(): never computes offset + size, so huge values cannot wrap.</summary>
    private static bool OutOfRange(ulong offset, ulong size, ulong max) => offset >= max || size > max - offset;
}
