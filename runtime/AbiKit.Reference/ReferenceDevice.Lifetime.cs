using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

// Lifetime, as the kernel does it. The device: drm_dev_enter/exit — every call runs inside Enter/Leave, and
// Dispose (unplug) waits for the calls inside to leave before it frees anything. Clients: fget/fput — the
// channel runs CloseClient after the last in-flight call on the file returned. Objects: a kref — handles,
// queued engine commands, CPU mappings and ioctls that work on an object each hold a reference, and its memory
// is returned only when the last one goes. Mappings are remapped, never left behind, when memory moves.
public sealed unsafe partial class ReferenceDevice
{
    // The calls inside the device (drm_dev_enter's SRCU: counted per thread, no atomic per call). Dispose closes
    // it and waits until the last call has left before the memory goes.
    private readonly CallGate _calls = new();

    /// <summary>The device's gate: each open file's gate is its child, so a call on a file is inside the device too.</summary>
    internal CallGate Calls => _calls;

    /// <summary>drm_dev_enter(): false once the device is disposed. Pair every true with <see cref="Leave"/> on the same thread.</summary>
    internal bool Enter() => _calls.TryEnter();

    /// <summary>drm_dev_exit().</summary>
    internal void Leave() => _calls.Exit();

    /// <summary>Bytes of user memory the device holds locked for live USERPTR objects.</summary>
    internal ulong LockedUserBytes
    {
        get
        {
            lock (_gate)
            {
                ulong sum = 0;
                foreach (var obj in _userRanges) sum += obj.Size;
                return sum;
            }
        }
    }

    /// <summary>The live objects and what holds them (for tests' end-of-run invariants and their failure messages).</summary>
    internal string DescribeLiveObjects()
    {
        lock (_gate)
        {
            var text = new System.Text.StringBuilder();
            for (var obj = _oldest; obj is not null; obj = obj.Newer)
                text.Append($"#{obj.Id} {obj.Size}B{(obj.IsUserptr ? " userptr" : "")}: refs {obj.References}, handles {obj.HandleCount}, busy {obj.Busy}, mappings {obj.Mappings?.Count ?? 0}, in use {obj.InUse}, windows {obj.CpuWindows}; ");
            return text.ToString();
        }
    }

    /// <summary>memfds the device's memory still uses (0 once disposed).</summary>
    internal int MemfdCount => _store.FileDescriptorCount;

    /// <summary>drm_gem_object_get(): under <see cref="_gate"/>.</summary>
    private static void Get(DeviceObject obj) => obj.References++;

    /// <summary>drm_gem_object_put(): under <see cref="_gate"/>; the last reference returns the memory.</summary>
    private void Put(DeviceObject obj)
    {
        if (--obj.References == 0) Free(obj);
    }

    /// <summary>A client's file was released (after its last in-flight call): drop what it held; checked mode reports leaks.</summary>
    internal void CloseClient(DrmFile file)
    {
        if (!Enter()) return; // disposed: all memory went with the device
        try
        {
            lock (_gate)
            {
                var client = Client(file);
                _checked?.Released(file); // what the file still holds is leaked
                var leaked = client.Handles.Entries().ToList();
                foreach (var (handle, entry) in leaked) Release(client, handle, entry);
                _clients.Remove(client);
                _authentication.Closed(file);
            }
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Drops a handle and everything its client held through it.</summary>
    private void Release(ClientState client, uint handle, HandleEntry entry)
    {
        var obj = entry.Object;
        if (entry.Pins > 0)
        {
            obj.PinCount -= entry.Pins;
            if (!obj.IsUserptr) client.PinnedBytes -= obj.Size; // a USERPTR object's charge goes when it is freed
        }
        if (entry.Window is not null) obj.CpuWindows--;
        client.Handles.Remove(handle);
        ForgetHandle(client, handle, obj);
        if (_spareEntries.Count < SpareLimit) _spareEntries.Push(entry);
        // The export token and the flink name name the object only while a handle does.
        if (--obj.HandleCount == 0)
        {
            if (obj.ExportToken != 0)
            {
                _byToken.Remove(obj.ExportToken);
                obj.ExportToken = 0;
            }
            ForgetFlinkName(obj);
        }
        Put(obj);
    }

    /// <summary>
    /// GEM_OPEN can give one file several handles for an object: the file holds the object (may map it, import
    /// finds it) until the last of them goes, as the kernel counts drm_vma_node_allow() per handle. The handle
    /// is already out of the table.
    /// </summary>
    private static void ForgetHandle(ClientState client, uint handle, DeviceObject obj)
    {
        bool recorded = client.ByObject.TryGetValue(obj.Id, out uint kept) && kept == handle;
        if (!client.ExtraHandles.TryGetValue(obj.Id, out int extra))
        {
            if (recorded) client.ByObject.Remove(obj.Id);
            return;
        }
        if (extra == 1) client.ExtraHandles.Remove(obj.Id);
        else client.ExtraHandles[obj.Id] = extra - 1;
        if (!recorded) return;
        // Only files that used GEM_OPEN on an object they held get here: a walk of their handles is fine.
        foreach (var (other, entry) in client.Handles.Entries())
        {
            if (entry.Object != obj) continue;
            client.ByObject[obj.Id] = other;
            return;
        }
    }

    /// <summary>Returns an object's memory: its last reference went.</summary>
    private void Free(DeviceObject obj)
    {
        // After Dispose the store (and all memory with it) is gone: nothing is left to free.
        if (obj.Freed || _disposed) return;
        ForgetPurged(obj);
        obj.Freed = true;
        if (obj.IsUserptr)
        {
            // The pin ends with the object: unlock the pages and return the charge (the range may already be
            // gone, which was the caller's bug; munlock and madvise then simply fail).
            if (_userRanges.Remove(obj)) ReleaseUserRange(obj);
            obj.Owner!.PinnedBytes -= obj.Size;
        }
        else
        {
            _store.Free(obj.Cpu);
            if (obj.Device is { } device) _store.Free(device);
        }
        _objectBytes -= Footprint(obj);
        _byFakeOffset.Remove(obj.FakeOffset);
        RemoveObject(obj);
        if (obj.Madvice == Advice.Dontneed) _dontneed.Remove(obj.Id);
        // Nothing references it any more (that is what freeing means): the next CREATE may recycle it.
        var spares = obj.IsUserptr ? _spareUserObjects : _spareObjects;
        if (spares.Count < SpareLimit) spares.Push(obj);
    }

    // Freed objects and closed handles' entries kept for reuse, so CREATE+CLOSE allocates nothing; a few suffice.
    private const int SpareLimit = 64;
    private readonly Stack<DeviceObject> _spareObjects = new();
    private readonly Stack<DeviceObject> _spareUserObjects = new();
    private readonly Stack<HandleEntry> _spareEntries = new();
    private long _nextEntrySerial;

    /// <summary>Under <see cref="_gate"/>: a new ordinary object, recycled if one is spare, with its creator's handle and reference.</summary>
    private DeviceObject NewObject(ulong size, Caching caching, Allocation cpu, Allocation? device)
    {
        long id = ++_nextObjectId;
        return Born(_spareObjects.TryPop(out var spare)
            ? spare.Reuse(id, size, caching, cpu, device, _nextFakeOffset)
            : new DeviceObject(id, size, caching, cpu, device, _nextFakeOffset));
    }

    /// <summary>Under <see cref="_gate"/>: a new USERPTR object, recycled if one is spare, with its creator's handle and reference.</summary>
    private DeviceObject NewUserObject(ulong pointer, ulong size, bool readOnly, ClientState owner, CallerProcess? process)
    {
        long id = ++_nextObjectId;
        return Born(_spareUserObjects.TryPop(out var spare)
            ? spare.ReuseForUserMemory(id, pointer, size, readOnly, owner, process)
            : DeviceObject.ForUserMemory(id, pointer, size, readOnly, owner, process));
    }

    private static DeviceObject Born(DeviceObject obj)
    {
        obj.HandleCount = 1;
        obj.References = 1;
        return obj;
    }

    /// <summary>Under <see cref="_gate"/>: a handle entry for <paramref name="obj"/>, recycled if one is spare.</summary>
    private HandleEntry NewHandleEntry(DeviceObject obj)
    {
        long serial = ++_nextEntrySerial;
        if (!_spareEntries.TryPop(out var entry)) return new HandleEntry(obj, serial);
        entry.Reuse(obj, serial);
        return entry;
    }

    /// <summary>
    /// Unplugs the device: every call inside it is woken and answers ENODEV, later calls answer ENODEV; once the
    /// last call has left, the engine stops and all memory returns. Mappings keep their pages until unmapped.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from inside one of the device's own calls (a callback
    /// or event handler), which would wait for itself forever.</exception>
    public void Dispose()
    {
        if (_calls.IsInsideOnThisThread) throw new InvalidOperationException("The device cannot be disposed from inside one of its own calls (a callback or event handler).");
        lock (_gate)
        {
            if (_disposed) return;
            _calls.Close(); // later calls answer ENODEV
            _disposed = true;
            Monitor.PulseAll(_gate); // waiters in WAIT, PREAD, CPU_ACCESS_BEGIN... wake up and answer ENODEV
        }
        _calls.WaitDrained();
        _engine.Dispose();
        _store.Dispose();
    }
}
