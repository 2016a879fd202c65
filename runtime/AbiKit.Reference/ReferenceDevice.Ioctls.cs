using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference;

// The abikit-alloc ioctls. The generated dispatch thunks have already applied drm_ioctl()'s copy rules and
// rejected non-zero reserved fields, unknown flag bits and unknown enum values; what remains is semantics.
public sealed unsafe partial class ReferenceDevice
{
    /// <inheritdoc />
    public Errno Create(ref CreateArgs arg, DrmFile file)
    {
        if (arg.Size == 0) return Errno.EINVAL;
        // Against the largest whole-page size within the limit, before rounding, so rounding cannot wrap and
        // no size within an unaligned limit rounds up past it.
        if (arg.Size > Options.MaxObjectSize / _pageSize * _pageSize) return Errno.E2BIG;
        ulong size = RoundToPages(arg.Size);
        bool coherent = arg.Caching == Caching.Cached;
        lock (_gate)
        {
            var client = Client(file);
            ulong bytes = size * (coherent ? 1UL : 2UL);
            if (_objectBytes + bytes > Options.MemoryBudget) PurgeUnderBudget(bytes);

            var status = _store.TryAllocate((long)size, out var cpu);
            if (status != AllocationStatus.Success) return status.ToErrno();
            Allocation? device = null;
            if (!coherent)
            {
                status = _store.TryAllocate((long)size, out var deviceView);
                if (status != AllocationStatus.Success)
                {
                    _store.Free(cpu);
                    return status.ToErrno();
                }
                device = deviceView;
            }

            var obj = NewObject(size, arg.Caching, cpu, device);
            var entry = NewHandleEntry(obj);
            uint handle = client.Handles.Add(entry);
            if (handle == 0)
            {
                _store.Free(cpu);
                if (device is { } d) _store.Free(d);
                return Errno.ENOMEM;
            }
            _nextFakeOffset += size;
            AddObject(obj);
            _byFakeOffset.Add(obj.FakeOffset, obj);
            client.ByObject[obj.Id] = handle;
            _objectBytes += bytes;
            arg.Size = size;
            arg.Handle = new BoHandle(handle);
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Close(ref CloseArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var client = Client(file);
            // drm_gem_handle_delete(): an unknown handle is EINVAL here, not ENOENT.
            if (Lookup(client, arg.Handle, out var entry) != Errno.Ok) return Errno.EINVAL;
            Release(client, arg.Handle.Value, entry);
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno MmapOffset(ref MmapOffsetArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var result = Lookup(Client(file), arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            if (entry.Object.IsUserptr) return Errno.ENODEV; // i915_gem_object_never_mmap()
            arg.Offset = entry.Object.FakeOffset;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno CpuAccessBegin(ref CpuAccessArgs arg, DrmFile file)
    {
        string ioctl = IoctlNames.CpuAccessBegin;
        if ((arg.Flags & (AccessFlags.Read | AccessFlags.Write)) == 0) return Errno.EINVAL;
        lock (_gate)
        {
        again: // pinning user pages released the lock: everything is checked again
            var client = Client(file);
            if (Lookup(client, arg.Handle, out var entry) is var found && found != Errno.Ok) return found;
            var obj = entry.Object;
            if (UsePages(obj, arg.Handle.Value, ioctl) is var pages && pages != Errno.Ok) return pages;
            if (obj.IsUserptr)
            {
                // A first use, as i915's set_domain: the pages must be there now (Mesa's probe idiom relies on it).
                var used = UseUserPages(client, obj, write: (arg.Flags & AccessFlags.Write) != 0, ioctl, out bool retry);
                if (used != Errno.Ok) return used;
                if (retry) goto again;
            }
            // The device keeps no pairing state beyond the window itself (checked mode, in the dispatch table, does).
            bool opened = false;
            if (entry.Window is null)
            {
                obj.CpuWindows++; // from now on: not moved, purged or submitted to (checked) while waiting
                opened = true;
            }
            Get(obj); // a CLOSE while this waits must not free (and let another client reuse) the memory
            long serial = entry.Serial; // a CLOSE meanwhile recycles the entry: the serial tells
            try
            {
                // The CPU reading waits only for the engine's writes; writing waits for its reads too (prime_busy).
                bool idle = WaitIdle(obj, long.MaxValue, writesOnly: (arg.Flags & AccessFlags.Write) == 0);
                // The handle may have been closed while this waited: then no window stays open on it.
                bool live = client.Handles.TryGet(arg.Handle.Value, out var now) == HandleLookup.Found && now == entry && now.Serial == serial;
                if (!idle || !live)
                {
                    if (opened) obj.CpuWindows--;
                    return idle ? Errno.Ok : Errno.ENODEV;
                }
                if (!obj.Coherent && (arg.Flags & AccessFlags.Read) != 0)
                {
                    // Invalidate: what the engine wrote becomes visible to the CPU.
                    Buffer.MemoryCopy(_store.Pointer(obj.EngineMemory), _store.Pointer(obj.Cpu), (long)obj.Size, (long)obj.Size);
                }
                entry.Window = arg.Flags;
                return Errno.Ok;
            }
            finally
            {
                Put(obj);
            }
        }
    }

    /// <inheritdoc />
    public Errno CpuAccessEnd(ref CpuAccessArgs arg, DrmFile file)
    {
        if ((arg.Flags & (AccessFlags.Read | AccessFlags.Write)) == 0) return Errno.EINVAL;
        lock (_gate)
        {
            var client = Client(file);
            if (Lookup(client, arg.Handle, out var entry) is var found && found != Errno.Ok) return found;
            var obj = entry.Object;
            if (!obj.Coherent && (arg.Flags & AccessFlags.Write) != 0)
            {
                // Flush: what the CPU wrote becomes visible to the engine.
                Buffer.MemoryCopy(_store.Pointer(obj.Cpu), _store.Pointer(obj.EngineMemory), (long)obj.Size, (long)obj.Size);
            }
            if (entry.Window is not null)
            {
                entry.Window = null;
                obj.CpuWindows--;
            }
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Pin(ref PinArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var client = Client(file);
            var result = Lookup(client, arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            var obj = entry.Object;
            if (UsePages(obj, arg.Handle.Value, IoctlNames.Pin) is var pages && pages != Errno.Ok) return pages;
            // A USERPTR object was charged when it was created: PIN only counts.
            if (entry.Pins == 0 && !obj.IsUserptr)
            {
                if (obj.Size > Options.PinLimit - Math.Min(client.PinnedBytes, Options.PinLimit)) return Errno.ENOMEM;
                client.PinnedBytes += obj.Size;
            }
            entry.Pins++;
            obj.PinCount++;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Unpin(ref PinArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var client = Client(file);
            var result = Lookup(client, arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            if (entry.Pins == 0) return Errno.EINVAL;
            entry.Pins--;
            entry.Object.PinCount--;
            if (entry.Pins == 0 && !entry.Object.IsUserptr) client.PinnedBytes -= entry.Object.Size;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Madvise(ref MadviseArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var result = Lookup(Client(file), arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            var obj = entry.Object;
            // Purged is final (i915's __I915_MADV_PURGED): no advice revives it; only CLOSE is left.
            if (obj.Purged)
            {
                arg.Retained = 0;
                return Errno.Ok;
            }
            if (arg.Advice != obj.Madvice)
            {
                if (arg.Advice == Advice.Dontneed) _dontneed.Add(obj.Id, obj);
                else if (obj.Madvice == Advice.Dontneed) _dontneed.Remove(obj.Id);
            }
            obj.Madvice = arg.Advice;
            // As i915: an object with no pages yet is truncated by the advice itself; purgeable memory over the
            // budget goes at once too, as the shrinker would take it.
            if (Purgeable(obj) && (!obj.HasPages || _objectBytes - PurgedBytes() > Options.MemoryBudget)) Purge(obj);
            arg.Retained = obj.Purged ? 0u : 1u;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Busy(ref BusyArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var result = Lookup(Client(file), arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            arg.Busy = entry.Object.Busy > 0 ? 1u : 0u;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Wait(ref WaitArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var result = Lookup(Client(file), arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            bool absolute = (arg.Flags & WaitFlags.Absolute) != 0;
            long start = MonotonicNs();
            long deadline = arg.TimeoutNs < 0 ? long.MaxValue
                : absolute ? arg.TimeoutNs
                : arg.TimeoutNs > long.MaxValue - start ? long.MaxValue : start + arg.TimeoutNs;
            var obj = entry.Object;
            Get(obj); // a CLOSE while this waits must not free (and let the device recycle) the object
            bool idle;
            try
            {
                idle = WaitIdle(obj, deadline);
            }
            finally
            {
                Put(obj);
            }
            if (_disposed) return Errno.ENODEV;
            if (!absolute && arg.TimeoutNs > 0) arg.TimeoutNs = Math.Max(0, deadline - MonotonicNs());
            return idle ? Errno.Ok : Errno.ETIME;
        }
    }

    /// <inheritdoc />
    public Errno GetParam(ref GetParamArgs arg, DrmFile file)
    {
        arg.Value = arg.Param switch
        {
            Param.PageSize => _pageSize,
            Param.MaxObjectSize => Options.MaxObjectSize,
            Param.PinLimit => Options.PinLimit,
            Param.HasUserptr => 1,
            Param.HasExport => 1,
            _ => 0,
        };
        return Errno.Ok;
    }

    /// <inheritdoc />
    public Errno Export(ref ExportArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var result = Lookup(Client(file), arg.Handle, out var entry);
            if (result != Errno.Ok) return result;
            var obj = entry.Object;
            if (obj.IsUserptr) return Errno.EINVAL; // i915: "Exporting userptr no longer allowed"
            if (obj.ExportToken == 0)
            {
                ulong token;
                do token = NewToken(); while (token == 0 || _byToken.ContainsKey(token));
                obj.ExportToken = token;
                _byToken.Add(token, obj);
            }
            arg.Token = obj.ExportToken;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Import(ref ImportArgs arg, DrmFile file)
    {
        lock (_gate)
        {
            var client = Client(file);
            if (arg.Token == 0 || !_byToken.TryGetValue(arg.Token, out var obj) || obj.HandleCount == 0) return Errno.ENOENT;
            if (!client.ByObject.TryGetValue(obj.Id, out uint handle))
            {
                handle = client.Handles.Add(NewHandleEntry(obj));
                if (handle == 0) return Errno.ENOMEM;
                client.ByObject[obj.Id] = handle;
                obj.HandleCount++;
                Get(obj);
            }
            arg.Handle = new BoHandle(handle);
            arg.Size = obj.Size;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno Submit(ref SubmitArgs arg, DrmFile file)
    {
        string ioctl = IoctlNames.Submit;
        bool fill = arg.Op == EngineOp.Fill;
        if (fill ? arg.SrcHandle.Value != 0 || arg.SrcOffset != 0 || arg.Value > 0xFF : arg.Value != 0) return Errno.EINVAL;
        using var unmapped = InspectCallerRanges(arg, file); // before the lock: reading another process's maps may wait for it
        lock (_gate)
        {
        again: // pinning user pages released the lock: everything is checked again
            var client = Client(file);
            var result = Lookup(client, arg.DstHandle, out var dst);
            if (result != Errno.Ok) return result;
            HandleEntry? src = null;
            if (!fill)
            {
                result = Lookup(client, arg.SrcHandle, out var s);
                if (result != Errno.Ok) return result;
                src = s;
            }
            ulong dstSize = arg.Op == EngineOp.Checksum ? 8 : arg.Size;
            if (OutOfRange(arg.DstOffset, dstSize, dst.Object.Size)) return Errno.EINVAL;
            if (src is not null && OutOfRange(arg.SrcOffset, arg.Size, src.Object.Size)) return Errno.EINVAL;
            if (arg.Op == EngineOp.Copy && src!.Object == dst.Object
                && arg.SrcOffset < arg.DstOffset + arg.Size && arg.DstOffset < arg.SrcOffset + arg.Size) return Errno.EINVAL;

            if (dst.Object.ReadOnly) return Errno.EPERM; // the engine never writes a read-only USERPTR object
            // i915's execbuf gets every object's pages (EFAULT for a purged one), the source's first here.
            if (src is not null && UsePages(src.Object, arg.SrcHandle.Value, ioctl) is var srcPages && srcPages != Errno.Ok) return srcPages;
            if (UsePages(dst.Object, arg.DstHandle.Value, ioctl) is var dstPages && dstPages != Errno.Ok) return dstPages;
            foreach (var user in new[] { dst.Object, src?.Object })
            {
                if (user is null || !user.IsUserptr) continue;
                result = UseUserPages(client, user, write: user == dst.Object, ioctl, out bool retry);
                if (result != Errno.Ok) return result;
                if (retry) goto again;
            }
            if (arg.Size == 0 && arg.Op != EngineOp.Checksum) return Errno.Ok;
            // The command holds a reference to each object it touches until it completes (see Completed).
            dst.Object.Busy++;
            dst.Object.PendingWrites++;
            Get(dst.Object);
            if (src is not null)
            {
                src.Object.Busy++;
                Get(src.Object);
            }
            _engine.Submit(new EngineCommand(arg.Op, src?.Object, arg.SrcOffset, dst.Object, arg.DstOffset, arg.Size, (byte)arg.Value));
            return Errno.Ok;
        }
    }
}
