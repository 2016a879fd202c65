using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;

namespace AbiKit.Reference;

// The object registry and the memory behind it: the list of live objects and compaction with its migration
// callback (purging is ReferenceDevice.Purging.cs).
public sealed unsafe partial class ReferenceDevice
{
    /// <summary>
    /// Registers who to ask when the device wants to move an object a client has pinned: called with the
    /// client's handle, outside the device's lock, it may UNPIN and returns true if it did.
    /// </summary>
    public void SetMigrationCallback(ReferenceChannel channel, Func<uint, bool>? onMoveRequested)
    {
        lock (_gate) Client(channel.File).OnMoveRequested = onMoveRequested;
    }

    /// <summary>
    /// Compacts memory: moves every object that is idle, unpinned and outside any CPU-access window to the
    /// lowest free memory (objects with no free memory below them stay). Pinned objects are first offered back to the clients that pinned them (see
    /// <see cref="SetMigrationCallback"/>); the ones still pinned stay where they are.
    /// </summary>
    public CompactionResult Compact()
    {
        if (!Enter()) return default;
        try
        {
            return CompactEntered();
        }
        finally
        {
            Leave();
        }
    }

    private CompactionResult CompactEntered()
    {
        List<(Func<uint, bool> Callback, uint Handle)> asks;
        lock (_gate)
        {
            asks = _clients
                .Where(c => c.OnMoveRequested is not null)
                .SelectMany(c => c.Handles.Entries().Where(e => e.Value.Pins > 0).Select(e => (c.OnMoveRequested!, e.Handle)))
                .ToList();
        }
        foreach (var (callback, handle) in asks) callback(handle); // may UNPIN through the ioctl path

        int moved = 0, blocked = 0;
        lock (_gate)
        {
            for (var obj = _oldest; obj is not null; obj = obj.Newer) // oldest first; moving frees no object
            {
                if (obj.IsUserptr) continue; // the caller's memory: the device cannot move it
                if (obj.PinCount > 0 || obj.Busy > 0 || obj.CpuWindows > 0 || obj.InUse > 0)
                {
                    blocked++;
                    continue;
                }
                if (!_store.TryMove(obj.Cpu, MovePolicy.Compact, out var cpu)) continue; // nothing lower to move to: already compact
                obj.Cpu = cpu;
                RemapMappings(obj); // before anything else can take the old memory: still under the lock
                if (obj.Device is { } device && _store.TryMove(device, MovePolicy.Compact, out var movedDevice)) obj.Device = movedDevice;
                moved++;
            }
        }
        return new CompactionResult(moved, blocked);
    }

    /// <summary>Appends a new object (the newest, with the highest id) to the list of live objects.</summary>
    private void AddObject(DeviceObject obj)
    {
        obj.Older = _newest;
        if (_newest is null) _oldest = obj;
        else _newest.Newer = obj;
        _newest = obj;
        _objectCount++;
    }

    private void RemoveObject(DeviceObject obj)
    {
        if (obj.Older is null) _oldest = obj.Newer;
        else obj.Older.Newer = obj.Newer;
        if (obj.Newer is null) _newest = obj.Older;
        else obj.Newer.Older = obj.Older;
        obj.Older = obj.Newer = null;
        _objectCount--;
    }

    /// <summary>Device memory an object holds: none for USERPTR (the memory is the caller's), two views when non-coherent.</summary>
    private static ulong Footprint(DeviceObject obj) => obj.IsUserptr ? 0 : obj.Size * (obj.Coherent ? 1UL : 2UL);
}

/// <summary>The outcome of <see cref="ReferenceDevice.Compact"/>.</summary>
/// <param name="Moved">Objects moved to lower memory.</param>
/// <param name="Blocked">Objects that could not move (pinned, busy or inside a CPU-access window).</param>
public readonly record struct CompactionResult(int Moved, int Blocked);
