using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference;

// Requests from another process (a C program on a device node). The device's lock is never held while that
// process's memory is touched: process_vm_readv/writev and /proc/PID/maps take the process's mmap lock, which
// one of its threads may hold while it waits for this device (munmap writing a mapping's dirty pages back
// through the node) — holding the lock there would deadlock, as holding a driver lock across copy_from_user can.
public sealed unsafe partial class ReferenceDevice
{
    // SUBMIT's USERPTR objects whose range the caller no longer maps, found before the lock was taken.
    [ThreadStatic]
    private static HashSet<DeviceObject>? t_unmappedCallerRanges;

    /// <summary>
    /// PREAD/PWRITE for another process: checked under the lock, the object then kept busy (never freed, purged
    /// or moved) while its memfd and the caller's memory are copied without the lock.
    /// </summary>
    private Errno CopyForCaller(BoHandle handle, ulong offset, ulong size, ulong user, DrmFile file, bool toUser)
    {
        DeviceObject obj;
        int fd;
        long fileOffset;
        lock (_gate)
        {
            var result = Lookup(Client(file), handle, toUser ? "DRM_IOCTL_ABIKIT_PREAD" : "DRM_IOCTL_ABIKIT_PWRITE", out var entry);
            if (result != Errno.Ok) return result;
            if (size == 0) return Errno.Ok;
            obj = entry.Object;
            if (obj.IsUserptr) return Errno.EINVAL; // as i915: no pread/pwrite on userptr objects
            if (OutOfRange(offset, size, obj.Size)) return Errno.EINVAL;
            WaitIdle(obj, long.MaxValue);
            obj.Busy++;
            var memory = obj.EngineMemory;
            fd = _store.FileDescriptor(memory);
            fileOffset = memory.Offset + (long)offset;
        }
        var copied = toUser
            ? UserMemory.ToUserFromFile(user, fd, fileOffset, size)
            : UserMemory.FromUserToFile(fd, fileOffset, user, size);
        lock (_gate)
        {
            if (copied == Errno.Ok && !toUser && !obj.Coherent && !_disposed)
            {
                // Like a GTT write, pwrite reaches both the device and the CPU view.
                Buffer.MemoryCopy(_store.Pointer(obj.EngineMemory) + offset, _store.Pointer(obj.Cpu) + offset, (long)size, (long)size);
            }
            obj.Busy--;
            FreeIfUnused(obj);
            Monitor.PulseAll(_gate); // WAIT and the waits above sleep until nothing is busy
        }
        return copied;
    }

    /// <summary>
    /// Before SUBMIT takes the lock: which of its USERPTR objects of another process are no longer mapped there
    /// (or whose process is gone). SUBMIT then answers EFAULT in its usual order of checks.
    /// </summary>
    private CallerRangesScope InspectCallerRanges(in SubmitArgs arg, DrmFile file)
    {
        if (CallerMemory.IsSelf) return default;
        List<DeviceObject>? remote = null;
        lock (_gate)
        {
            if (_disposed) return default;
            var client = Client(file);
            foreach (var handle in new[] { arg.DstHandle.Value, arg.SrcHandle.Value })
            {
                if (handle != 0 && client.Handles.TryGet(handle, out var entry) == HandleLookup.Found && entry.Object.UserProcess is not null)
                    (remote ??= new()).Add(entry.Object);
            }
        }
        if (remote is null) return default;
        HashSet<DeviceObject>? unmapped = null;
        foreach (var obj in remote)
        {
            var process = obj.UserProcess!;
            if (!process.IsAlive || UserRange.InspectMapsText(obj.UserPointer, obj.Size, readOnly: true, $"/proc/{process.Pid}/maps") == UserRange.Mapping.NotMapped)
                (unmapped ??= new()).Add(obj);
        }
        t_unmappedCallerRanges = unmapped;
        return new CallerRangesScope(unmapped is not null);
    }

    /// <summary>True while a USERPTR object's memory is still mapped in the process it came from.</summary>
    private static bool UserMemoryMapped(DeviceObject user)
        => user.UserProcess is not null
            ? t_unmappedCallerRanges?.Contains(user) != true
            : UserRange.IsMapped(user.UserPointer, user.Size);

    /// <summary>Forgets what <see cref="InspectCallerRanges"/> found once SUBMIT returns.</summary>
    private readonly struct CallerRangesScope(bool active) : IDisposable
    {
        public void Dispose()
        {
            if (active) t_unmappedCallerRanges = null;
        }
    }
}
