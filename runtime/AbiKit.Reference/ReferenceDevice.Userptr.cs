using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Checked;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference;

// USERPTR: user memory as buffer objects, checked as i915_gem_userptr_ioctl() checks it and pinned (mlock) as
// its get_pages pins: at creation when the range is mapped, else at first use (SUBMIT, CPU_ACCESS_BEGIN), which
// is EFAULT if the memory is still not there. mlock faults pages in, so it always runs outside the device's lock.
public sealed unsafe partial class ReferenceDevice
{
    /// <inheritdoc />
    public Errno Userptr(ref UserptrArgs arg, DrmFile file)
    {
        // i915_gem_userptr_ioctl()'s order; unknown flags were rejected (EINVAL) by the generated dispatcher.
        if (arg.UserSize > Options.MaxObjectSize) return Errno.E2BIG;
        if (arg.UserSize == 0) return Errno.EINVAL;
        if (((arg.UserPtr | arg.UserSize) & (_pageSize - 1)) != 0) return Errno.EINVAL;
        if (arg.UserPtr > ulong.MaxValue - arg.UserSize) return Errno.EINVAL; // the range wraps
        if (!AccessOk(arg.UserPtr, arg.UserSize)) return Errno.EFAULT; // access_ok(): without PROBE, the only check
        bool readOnly = (arg.Flags & UserptrFlags.ReadOnly) != 0;
        // Another process on a device node, or null for this one. Its pages cannot be locked or advised from here:
        // the device reaches them through process_vm_readv/writev on every access instead, so they count as pinned.
        var caller = CallerProcess.Current();
        // What is mapped there (nothing is faulted in). With PROBE anything but ordinary memory is EFAULT now;
        // without, i915 finds out at first use. In this process without PROBE nothing is inspected up front: the
        // pin is tried at once and only a failed one asks what is there (a hole or PROT_NONE defers the pin to
        // first use, as i915 would; ordinary memory that cannot be locked is ENOMEM). That saves a system call
        // per import, a third of what pinning itself costs at 4 KiB. Whatever got pinned, every use inspects the
        // range again (UseUserPages), so another object's mapping or read-only memory is still EFAULT there.
        bool probe = (arg.Flags & UserptrFlags.Probe) != 0;
        UserRange.Mapping? mapping = caller is not null ? UserRange.InspectMapsText(arg.UserPtr, arg.UserSize, readOnly, $"/proc/{caller.Pid}/maps")
            : probe ? UserRange.Inspect(arg.UserPtr, arg.UserSize, readOnly)
            : null;
        if (probe && mapping != UserRange.Mapping.Ordinary) return Errno.EFAULT;
        bool pinNow = caller is null && (mapping is null or UserRange.Mapping.Ordinary);

        DeviceObject obj;
        lock (_gate)
        {
            var client = Client(file);
            if (arg.UserSize > Options.PinLimit - Math.Min(client.PinnedBytes, Options.PinLimit)) return Errno.ENOMEM;
            client.PinnedBytes += arg.UserSize; // charged for the object's life, whether pinned now or at first use
            obj = NewUserObject(arg.UserPtr, arg.UserSize, readOnly, client, caller);
            if (caller is not null) obj.UserPinned = true;
            if (pinNow) StartPin(obj);
        }
        // The object is nobody else's yet: it gets a handle only once its pages are pinned (or the pin deferred).
        bool locked = !pinNow || Pin(obj);
        bool deferred = !locked && mapping is null && UserRange.Inspect(arg.UserPtr, arg.UserSize, readOnly) != UserRange.Mapping.Ordinary;
        lock (_gate)
        {
            var client = Client(file);
            if (pinNow) FinishPin(obj, locked);
            uint handle = locked || deferred ? client.Handles.Add(NewHandleEntry(obj)) : 0;
            if (handle == 0)
            {
                client.PinnedBytes -= arg.UserSize;
                if (_userRanges.Remove(obj)) ReleaseUserRange(obj);
                return Errno.ENOMEM;
            }
            client.ByObject[obj.Id] = handle;
            AddObject(obj);
            arg.Handle = new BoHandle(handle);
            return Errno.Ok;
        }
    }

    /// <summary>
    /// A USERPTR object's first (and every) use by the device, under <see cref="_gate"/>: its pages must be
    /// ordinary memory the device may touch as it will (written when <paramref name="write"/>); another object's
    /// mapping is not (i915's GEM mappings cannot be pinned), nor a range unmapped or freed meanwhile (caveat
    /// emptor: found before the engine touches it, an error, not a crash). Unpinned pages are pinned here, with
    /// the lock released meanwhile; then <paramref name="retry"/> says the caller must check everything again.
    /// </summary>
    private Errno UseUserPages(ClientState client, DeviceObject obj, bool write, string ioctl, out bool retry)
    {
        retry = false;
        var mapping = obj.UserProcess is not null
            ? (UserMemoryMapped(obj) ? UserRange.Mapping.Ordinary : UserRange.Mapping.NotMapped) // inspected before the lock
            : UserRange.Inspect(obj.UserPointer, obj.Size, readOnly: !write);
        if (mapping is UserRange.Mapping.NotOrdinary or UserRange.Mapping.NotAccessible) return Errno.EFAULT;
        if (mapping == UserRange.Mapping.NotMapped)
        {
            if (_checked is not null && obj.UserPinned)
            {
                _checked.Report(MisuseKind.UserptrUnmapped, ioctl, client.ByObject.TryGetValue(obj.Id, out var handle) ? handle : 0,
                    "a USERPTR object's memory is no longer mapped: keep it mapped (and not freed) until the object is closed");
            }
            return Errno.EFAULT;
        }
        if (obj.UserPinned) return Errno.Ok;
        retry = true;
        if (obj.UserPinning)
        {
            _pinWaiters++;
            Monitor.Wait(_gate); // another ioctl is pinning it: wait for that one
            _pinWaiters--;
            return _disposed ? Errno.ENODEV : Errno.Ok;
        }
        StartPin(obj);
        Get(obj);
        bool locked = false;
        Monitor.Exit(_gate); // mlock faults the pages in: never with every client waiting on the lock
        try
        {
            locked = Pin(obj);
        }
        finally
        {
            Monitor.Enter(_gate);
            FinishPin(obj, locked);
            Put(obj);
        }
        return locked ? Errno.Ok : Errno.ENOMEM;
    }

    /// <summary>
    /// Under <see cref="_gate"/>: the object's range counts as pinned (so no other object's release unlocks it)
    /// while it is locked, and is recorded for fork protection (applied when the process forks, see
    /// <see cref="ForkProtection"/>) before any page is locked, so no fork can copy locked pages unprotected.
    /// Releasing the range (<see cref="ReleaseUserRange"/>) forgets it.
    /// </summary>
    private void StartPin(DeviceObject obj)
    {
        obj.UserPinning = true;
        _userRanges.Add(obj);
        obj.ForkRange = ForkProtection.Track(obj.UserPointer, obj.Size);
    }

    /// <summary>Outside <see cref="_gate"/>: locks the pages.</summary>
    private static bool Pin(DeviceObject obj) => UserRange.Lock(obj.UserPointer, obj.Size);

    /// <summary>Under <see cref="_gate"/>: the pin is done; a failed one unlocks what it may have locked.</summary>
    private void FinishPin(DeviceObject obj, bool locked)
    {
        obj.UserPinning = false;
        if (locked)
        {
            obj.UserPinned = true;
        }
        else if (_userRanges.Remove(obj))
        {
            ReleaseUserRange(obj);
        }
        // PulseAll takes the runtime's global wait-queue lock even when nobody waits: wake only pin waiters.
        if (_pinWaiters > 0) Monitor.PulseAll(_gate);
    }

    /// <summary>
    /// Unlocks a USERPTR object's pages and undoes the fork advice a fork applied to them, except where another
    /// live USERPTR object (of any client) still wraps them: mlock and madvise do not nest, so one munlock would
    /// unpin them all. The pages kept hand their advice on to the objects keeping them.
    /// </summary>
    private void ReleaseUserRange(DeviceObject obj)
    {
        if (obj.UserProcess is not null) return; // another process's memory was never locked nor advised
        int advice = ForkProtection.Untrack(obj.ForkRange);
        obj.ForkRange = null;
        ulong start = obj.UserPointer, end = obj.UserPointer + obj.Size;
        // Usually nothing overlaps: then this allocates nothing and makes one munlock (and one madvise if the
        // process forked while the object lived).
        List<(ulong Lo, ulong Hi)>? overlaps = null;
        foreach (var other in _userRanges)
        {
            if (other != obj && other.UserProcess is null && other.UserPointer < end && other.UserPointer + other.Size > start)
            {
                (overlaps ??= new()).Add((other.UserPointer, other.UserPointer + other.Size));
                ForkProtection.Inherit(other.ForkRange, advice);
            }
        }
        if (overlaps is null)
        {
            Release(start, end);
            return;
        }
        overlaps.Sort();
        ulong cursor = start;
        foreach (var (lo, hi) in overlaps)
        {
            if (lo > cursor) Release(cursor, lo);
            cursor = Math.Max(cursor, hi);
            if (cursor >= end) return;
        }
        if (cursor < end) Release(cursor, end);

        void Release(ulong from, ulong to)
        {
            UserRange.Unlock(from, to - from);
            UserRange.UnprotectFromFork(from, to - from, advice);
        }
    }

}
