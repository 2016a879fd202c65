using AbiKit.Interop.Alloc;
using AbiKit.Interop.DrmCore;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

// The DRM core ioctls of drm-core.abi.json, as drm_ioctl.c, drm_auth.c, drm_gem.c, drm_prime.c and
// drm_dumb_buffers.c answer them for a driver without modesetting (vgem is the peer the conformance suite
// compares with). Dispatch has already applied drm_ioctl()'s copy rules and the permission flags.
public sealed unsafe partial class ReferenceDevice : IDrmCoreHandler
{
    private const ulong CapPrime = 0x5;
    private const ulong CapTimestampMonotonic = 0x6;
    private const ulong CapSyncobj = 0x13;
    private const ulong CapSyncobjTimeline = 0x14;

    private readonly DrmAuthentication _authentication = new();
    private readonly Dictionary<uint, DeviceObject> _byFlinkName = new();

    /// <inheritdoc />
    public Errno GetMagic(ref Auth arg, DrmFile file)
    {
        var result = _authentication.GetMagic(file, out uint magic);
        arg.Magic = magic;
        return result;
    }

    /// <inheritdoc />
    public Errno AuthMagic(ref Auth arg, DrmFile file) => _authentication.AuthMagic(file, arg.Magic);

    /// <inheritdoc />
    public Errno GetCap(ref GetCap arg, DrmFile file)
    {
        // drm_getcap(): the value is zeroed first, so it reads 0 after an error too.
        arg.Value = 0;
        switch (arg.Capability)
        {
            case CapTimestampMonotonic:
                arg.Value = 1;
                return Errno.Ok;
            case CapPrime: // no dma-buf descriptors through a device node (drm-core.abi.json, linuxDifferences)
            case CapSyncobj:
            case CapSyncobjTimeline:
                return Errno.Ok;
            default:
                return Errno.EOPNOTSUPP; // every other capability is a modesetting driver's
        }
    }

    /// <inheritdoc />
    public Errno GemClose(ref GemClose arg, DrmFile file)
    {
        var close = new CloseArgs { Handle = new BoHandle(arg.Handle.Value) };
        return Close(ref close, file);
    }

    /// <inheritdoc />
    public Errno GemFlink(ref GemFlink arg, DrmFile file)
    {
        lock (_gate)
        {
            var result = Lookup(Client(file), new BoHandle(arg.Handle.Value), out var entry);
            if (result != Errno.Ok) return result;
            var obj = entry.Object;
            if (obj.HandleCount == 0) return Errno.ENOENT; // racing the last GEM_CLOSE
            if (obj.FlinkName == 0)
            {
                // idr_alloc(..., 1, 0): the lowest free name from 1, device-wide.
                uint name = 1;
                while (_byFlinkName.ContainsKey(name)) name++;
                obj.FlinkName = name;
                _byFlinkName.Add(name, obj);
            }
            arg.Name = new GemName(obj.FlinkName);
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno GemOpen(ref GemOpen arg, DrmFile file)
    {
        lock (_gate)
        {
            if (!_byFlinkName.TryGetValue(arg.Name.Value, out var obj) || obj.HandleCount == 0) return Errno.ENOENT;
            var client = Client(file);
            // drm_gem_handle_create(): a new handle every time, even in a file that already holds the object.
            uint handle = client.Handles.Add(NewHandleEntry(obj));
            if (handle == 0) return Errno.ENOMEM;
            if (!client.ByObject.TryAdd(obj.Id, handle)) client.ExtraHandles[obj.Id] = client.ExtraHandles.GetValueOrDefault(obj.Id) + 1;
            obj.HandleCount++;
            Get(obj);
            arg.Handle = new GemHandle(handle);
            arg.Size = obj.Size;
            return Errno.Ok;
        }
    }

    /// <inheritdoc />
    public Errno PrimeHandleToFd(ref PrimeHandle arg, DrmFile file)
    {
        // The flags were checked by dispatch; then the handle, as drm_prime_handle_to_fd_ioctl() does. A device
        // node cannot give the caller a descriptor, so a valid request stops here.
        lock (_gate)
        {
            var result = Lookup(Client(file), new BoHandle(arg.Handle.Value), out _);
            return result != Errno.Ok ? result : Errno.EOPNOTSUPP;
        }
    }

    /// <inheritdoc />
    public Errno PrimeFdToHandle(ref PrimeHandle arg, DrmFile file)
        => arg.Fd.Value < 0 ? Errno.EBADF : Errno.EOPNOTSUPP; // dma_buf_get(): fget() of a negative fd fails first

    /// <inheritdoc />
    public Errno ModeCreateDumb(ref ModeCreateDumb arg, DrmFile file)
    {
        // drm_mode_create_dumb(): each limit checked without computing a product that could wrap.
        if (arg.Width == 0 || arg.Height == 0 || arg.Bpp == 0) return Errno.EINVAL;
        if (arg.Bpp > uint.MaxValue - 8) return Errno.EINVAL;
        uint cpp = (arg.Bpp + 7) / 8;
        if (cpp > uint.MaxValue / arg.Width) return Errno.EINVAL;
        uint stride = cpp * arg.Width;
        if (arg.Height > uint.MaxValue / stride) return Errno.EINVAL;
        uint bytes = arg.Height * stride;
        if (PageAlign32(bytes) == 0) return Errno.EINVAL; // the 32-bit size wraps when rounded up
        // drm_gem_shmem_dumb_create(): the outputs are ignored on input; pitch from the bits, size in whole pages.
        uint pitch = (uint)(((ulong)unchecked(arg.Width * arg.Bpp) + 7) / 8);
        uint size = PageAlign32(unchecked(pitch * arg.Height));
        if (size == 0) return Errno.EINVAL;
        var create = new CreateArgs { Size = size, Caching = Caching.Cached };
        var result = Create(ref create, file);
        arg.Handle = new GemHandle(result == Errno.Ok ? create.Handle.Value : 0);
        arg.Pitch = result == Errno.Ok ? pitch : 0;
        arg.Size = result == Errno.Ok ? create.Size : 0;
        return result;
    }

    /// <inheritdoc />
    public Errno ModeMapDumb(ref ModeMapDumb arg, DrmFile file)
    {
        var map = new MmapOffsetArgs { Handle = new BoHandle(arg.Handle.Value) };
        var result = MmapOffset(ref map, file);
        arg.Offset = result == Errno.Ok ? map.Offset : 0;
        return result;
    }

    /// <inheritdoc />
    public Errno ModeDestroyDumb(ref ModeDestroyDumb arg, DrmFile file)
    {
        // drm_mode_destroy_dumb() is drm_gem_handle_delete(): EINVAL for an unknown handle.
        var close = new CloseArgs { Handle = new BoHandle(arg.Handle.Value) };
        return Close(ref close, file);
    }

    // PAGE_ALIGN() of a u32: the kernel's result wraps to 0 near 4 GiB.
    private uint PageAlign32(uint size) => unchecked((uint)((size + (_pageSize - 1)) & ~(_pageSize - 1)));

    /// <summary>The last handle of an object went: its flink name goes with it (the name holds no reference).</summary>
    private void ForgetFlinkName(DeviceObject obj)
    {
        if (obj.FlinkName == 0) return;
        _byFlinkName.Remove(obj.FlinkName);
        obj.FlinkName = 0;
    }
}
