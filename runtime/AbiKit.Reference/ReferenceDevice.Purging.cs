using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Checked;

namespace AbiKit.Reference;

// Purging, as i915 does it: a DONTNEED object with no pages yet is truncated by the advice itself, one with pages
// by the shrinker under the memory budget (oldest first); purged is final (__I915_MADV_PURGED) and every later
// use is EFAULT, as i915's get_pages refuses. Existing mappings cannot SIGBUS in a .NET host: they read zeros.
public sealed unsafe partial class ReferenceDevice
{
    private bool Purgeable(DeviceObject obj)
        => !obj.IsUserptr && obj.Madvice == Advice.Dontneed && !obj.Purged && obj.PinCount == 0 && obj.Busy == 0 && obj.CpuWindows == 0 && obj.InUse == 0;

    private void Purge(DeviceObject obj)
    {
        _store.Purge(obj.Cpu);
        if (obj.Device is { } device) _store.Purge(device);
        obj.Purged = true;
        _purgedBytes += Footprint(obj);
    }

    /// <summary>The shrinker: purge DONTNEED objects, oldest first, until <paramref name="needed"/> more bytes fit the budget.</summary>
    private void PurgeUnderBudget(ulong needed)
    {
        foreach (var obj in _dontneed.Values)
        {
            if (_objectBytes - PurgedBytes() + needed <= Options.MemoryBudget) return;
            if (Purgeable(obj)) Purge(obj);
        }
    }

    private ulong PurgedBytes() => _purgedBytes;

    /// <summary>A freed object's purged memory no longer counts as purged (it no longer counts at all).</summary>
    private void ForgetPurged(DeviceObject obj)
    {
        if (obj.Purged) _purgedBytes -= Footprint(obj);
    }

    /// <summary>
    /// Under <see cref="_gate"/>: an ioctl is about to use <paramref name="obj"/>'s pages (i915's get_pages). A
    /// purged object is EFAULT (reported in checked mode: the client missed MADVISE's retained 0); otherwise the
    /// object has pages from now on (unless <paramref name="givesPages"/> is false: PWRITE, which i915 writes
    /// into the shmem page cache without getting pages), so DONTNEED no longer purges it at once.
    /// </summary>
    private Errno UsePages(DeviceObject obj, uint handle, string ioctl, bool givesPages = true)
    {
        if (!obj.Purged)
        {
            if (givesPages) obj.HasPages = true;
            return Errno.Ok;
        }
        _checked?.Report(MisuseKind.PurgedObjectUsed, ioctl, handle,
            $"handle {handle:x} names a purged object (MADVISE answered retained 0): its contents are gone for good; check retained after WILLNEED, then close the object and create a new one");
        return Errno.EFAULT;
    }
}
