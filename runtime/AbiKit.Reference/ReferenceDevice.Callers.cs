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
    // SUBMIT's USERPTR objects whose range the caller no longer maps, found before the lock was taken. By id, which
    // is never reused: the object itself may be freed and recycled as another one before SUBMIT takes the lock.
    [ThreadStatic]
    private static HashSet<long>? t_unmappedCallerRanges;

    /// <summary>
    /// Before SUBMIT takes the lock: which of its USERPTR objects of another process are no longer mapped there
    /// (or whose process is gone). SUBMIT then answers EFAULT in its usual order of checks.
    /// </summary>
    private CallerRangesScope InspectCallerRanges(in SubmitArgs arg, DrmFile file)
    {
        if (CallerMemory.IsSelf) return default;
        List<(DeviceObject Object, bool Written)>? remote = null;
        lock (_gate)
        {
            if (_disposed) return default;
            var client = Client(file);
            foreach (var (handle, written) in new[] { (arg.DstHandle.Value, true), (arg.SrcHandle.Value, false) })
            {
                if (handle != 0 && client.Handles.TryGet(handle, out var entry) == HandleLookup.Found && entry.Object.UserProcess is not null)
                    (remote ??= new()).Add((entry.Object, written));
            }
        }
        if (remote is null) return default;
        HashSet<long>? unmapped = null;
        foreach (var (obj, written) in remote)
        {
            // As for this process's memory (UseUserPages): memory the device would write must be writable
            // ordinary memory; anything else is EFAULT at this first use, as i915's get_pages fails.
            var process = obj.UserProcess!;
            if (!process.IsAlive || UserRange.InspectMapsText(obj.UserPointer, obj.Size, readOnly: !written, $"/proc/{process.Pid}/maps") != UserRange.Mapping.Ordinary)
                (unmapped ??= new()).Add(obj.Id);
        }
        t_unmappedCallerRanges = unmapped;
        return new CallerRangesScope(unmapped is not null);
    }

    /// <summary>True while a USERPTR object's memory is still usable (mapped, ordinary, writable where written) in the process it came from.</summary>
    private static bool UserMemoryMapped(DeviceObject user)
        => user.UserProcess is not null
            ? t_unmappedCallerRanges?.Contains(user.Id) != true
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
