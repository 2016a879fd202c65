using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Interop.DrmCore;
using AbiKit.Runtime;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference.Node;

/// <summary>
/// One open file of the node. It learns which fake offsets it may map from its own MMAP_OFFSET answers (as
/// the kernel's drm_vma_node_allow), so a fault at any other offset — another client's object, a closed one —
/// never shows memory. Cache maintenance: CPU_ACCESS_END(WRITE) writes the object's cached pages back before
/// the device flushes them to the engine; CPU_ACCESS_BEGIN(READ) drops them after the device made the engine's
/// writes visible. Coherent (CACHED) objects are also kept in step around PWRITE, PREAD, SUBMIT, WAIT and BUSY.
/// </summary>
internal sealed class ReferenceNodeFile : IServedFile
{
    private readonly ReferenceDevice _device;
    private readonly ReferenceChannel _channel;
    private readonly object _gate = new();
    // Mappable ranges this file asked for, by fake offset (ascending: offsets only grow) and by handle.
    private readonly List<(ulong Offset, ulong Size, uint Handle)> _ranges = new();
    private readonly Dictionary<uint, ulong> _offsetByHandle = new();

    public ReferenceNodeFile(ReferenceDevice device, ReferenceChannel channel)
    {
        _device = device;
        _channel = channel;
    }

    // Every request goes through the device's dispatch table: the DRM core ioctls of drm-core.abi.json and the
    // allocator's own, with drm_ioctl()'s rules.
    public Errno Ioctl(uint request, Span<byte> argument) => _channel.Ioctl(request, argument);

    public Errno ReadMapping(ulong offset, Span<byte> destination) => CopyMapping(offset, destination, toObject: false);

    public Errno WriteMapping(ulong offset, ReadOnlySpan<byte> source)
    {
        // Dirty pages of objects this file no longer holds are dropped: their memory may belong to someone else now.
        var copy = source.ToArray();
        CopyMapping(offset, copy, toObject: true);
        return Errno.Ok;
    }

    private Errno CopyMapping(ulong offset, Span<byte> buffer, bool toObject)
    {
        ulong position = offset;
        int done = 0;
        while (done < buffer.Length)
        {
            if (!TryFind(position, out var range))
            {
                if (done == 0) return Errno.EIO; // SIGBUS in the caller: nothing of its own is mapped here
                buffer[done..].Clear(); // the tail past the file's objects reads as zeros, never as others' memory
                return Errno.Ok;
            }
            int chunk = (int)Math.Min((ulong)(buffer.Length - done), range.Offset + range.Size - position);
            var result = _device.CopyMapping(_channel.File, range.Handle, range.Offset, position - range.Offset, buffer.Slice(done, chunk), toObject);
            if (result != Errno.Ok)
            {
                if (done == 0) return result;
                buffer[done..].Clear();
                return Errno.Ok;
            }
            done += chunk;
            position += (ulong)chunk;
        }
        return Errno.Ok;
    }

    private bool TryFind(ulong offset, out (ulong Offset, ulong Size, uint Handle) found)
    {
        lock (_gate)
        {
            int lo = 0, hi = _ranges.Count - 1, at = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_ranges[mid].Offset <= offset)
                {
                    at = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            if (at >= 0 && offset - _ranges[at].Offset < _ranges[at].Size)
            {
                found = _ranges[at];
                return true;
            }
            found = default;
            return false;
        }
    }

    // The offset a CLOSE on this thread is about to release, learnt before the device frees the handle: once it
    // has, another thread may get the same handle number for a new object and map it before this CLOSE's
    // AfterIoctl runs, and that new mapping must not be forgotten in the old one's place.
    [ThreadStatic]
    private static ulong? t_closingOffset;

    public void BeforeIoctl(uint request, ReadOnlySpan<byte> argument, ICpuCache cache)
    {
        switch (request)
        {
            case AllocIoctls.Close or DrmCoreIoctls.GemClose or DrmCoreIoctls.ModeDestroyDumb when Read<CloseArgs>(argument, out var closing):
                lock (_gate) t_closingOffset = _offsetByHandle.TryGetValue(closing.Handle.Value, out var at) ? at : null;
                break;
            case AllocIoctls.CpuAccessEnd when Read<CpuAccessArgs>(argument, out var end) && (end.Flags & AccessFlags.Write) != 0:
                Maintain(end.Handle.Value, cache, writeBack: true, coherentOnly: false);
                break;
            case AllocIoctls.Pread when Read<PreadArgs>(argument, out var pread):
                Maintain(pread.Handle.Value, cache, writeBack: true, coherentOnly: true);
                break;
            case AllocIoctls.Submit when Read<SubmitArgs>(argument, out var submit):
                Maintain(submit.DstHandle.Value, cache, writeBack: true, coherentOnly: true);
                if (submit.SrcHandle.Value != 0) Maintain(submit.SrcHandle.Value, cache, writeBack: true, coherentOnly: true);
                break;
        }
    }

    public void AfterIoctl(uint request, ReadOnlySpan<byte> argument, Errno result, ICpuCache cache)
    {
        if (result != Errno.Ok) return;
        switch (request)
        {
            case AllocIoctls.MmapOffset when Read<MmapOffsetArgs>(argument, out var mmap):
                Learn(mmap.Handle.Value, mmap.Offset);
                break;
            case DrmCoreIoctls.ModeMapDumb when Read<ModeMapDumb>(argument, out var mapDumb):
                Learn(mapDumb.Handle.Value, mapDumb.Offset);
                break;
            case AllocIoctls.CpuAccessBegin when Read<CpuAccessArgs>(argument, out var begin):
                // BEGIN(READ) drops what the CPU cached; coherent objects are refreshed by any BEGIN (it waited for the engine).
                Maintain(begin.Handle.Value, cache, writeBack: false, coherentOnly: (begin.Flags & AccessFlags.Read) == 0);
                break;
            case AllocIoctls.Pwrite when Read<PwriteArgs>(argument, out var pwrite):
                Maintain(pwrite.Handle.Value, cache, writeBack: false, coherentOnly: false);
                break;
            case AllocIoctls.Wait when Read<WaitArgs>(argument, out var wait):
                Maintain(wait.Handle.Value, cache, writeBack: false, coherentOnly: true);
                break;
            case AllocIoctls.Busy when Read<BusyArgs>(argument, out var busy) && busy.Busy == 0:
                Maintain(busy.Handle.Value, cache, writeBack: false, coherentOnly: true);
                break;
            case AllocIoctls.Close or DrmCoreIoctls.GemClose or DrmCoreIoctls.ModeDestroyDumb when Read<CloseArgs>(argument, out var close):
                Forget(close.Handle.Value, t_closingOffset, cache);
                break;
        }
    }

    private static bool Read<T>(ReadOnlySpan<byte> argument, out T value)
        where T : unmanaged
    {
        value = default;
        if (argument.Length < Marshal.SizeOf<T>()) return false;
        value = MemoryMarshal.Read<T>(argument);
        return true;
    }

    private void Learn(uint handle, ulong offset)
    {
        if (!_device.TryGetMappable(_channel.File, handle, out var fakeOffset, out var size, out _) || fakeOffset != offset) return;
        lock (_gate)
        {
            if (_offsetByHandle.TryGetValue(handle, out var known) && known == offset) return;
            if (_offsetByHandle.Remove(handle, out var stale)) _ranges.RemoveAll(r => r.Offset == stale);
            _offsetByHandle[handle] = offset;
            var entry = (offset, size, handle);
            // Offsets only grow, so this is almost always an append.
            int at = _ranges.Count;
            while (at > 0 && _ranges[at - 1].Offset > offset) at--;
            _ranges.Insert(at, entry);
        }
    }

    private void Forget(uint handle, ulong? closedOffset, ICpuCache cache)
    {
        if (closedOffset is not { } offset) return; // never mapped by this file
        (ulong Offset, ulong Size, uint Handle) range;
        lock (_gate)
        {
            // The handle may already name a newer object (see t_closingOffset): only the closed object's range goes.
            if (_offsetByHandle.TryGetValue(handle, out var current) && current == offset) _offsetByHandle.Remove(handle);
            int at = _ranges.FindIndex(r => r.Offset == offset);
            if (at < 0) return;
            range = _ranges[at];
            _ranges.RemoveAt(at);
        }
        // Outside the lock: dropping dirty pages writes them back through WriteMapping on another thread. The
        // closed object's pages would only ever be this client's old data, but they cost memory.
        cache.Invalidate(range.Offset, range.Size);
    }

    private void Maintain(uint handle, ICpuCache cache, bool writeBack, bool coherentOnly)
    {
        lock (_gate)
        {
            if (!_offsetByHandle.ContainsKey(handle)) return; // never mapped by this file: nothing cached
        }
        if (!_device.TryGetMappable(_channel.File, handle, out var offset, out var size, out var coherent)) return;
        if (coherentOnly && !coherent) return;
        if (writeBack) cache.WriteBack(offset, size);
        else cache.Invalidate(offset, size);
    }

    public void Dispose() => _channel.Dispose();
}
