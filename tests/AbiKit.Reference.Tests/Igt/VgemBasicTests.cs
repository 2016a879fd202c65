using AbiKit.Interop.DrmCore;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/vgem_basic.c — vgem is the driver the conformance suite holds the device's DRM core against. Its
/// buffers are dumb buffers. Not mapped: bad-flag, bad-pad, bad-handle, bad-fence, busy-fence (vgem's fence
/// ioctls), dmabuf-export, dmabuf-mmap, dmabuf-fence, dmabuf-fence-before (dma-buf fds), setversion, sysfs,
/// debugfs, unload (a kernel module's interfaces).
/// </summary>
public sealed class VgemBasicTests
{
    /// <summary>vgem_basic@second-client: a primary and a render client open and close beside the first.</summary>
    [Fact]
    public void SecondClient()
    {
        using var fx = new DeviceFixture();
        var first = fx.OpenAsIgt();
        fx.Open(DrmNode.Primary, hasSysAdmin: true).Dispose();
        fx.Open().Dispose();
        Assert.Equal(Errno.Ok, first.GemFlink(first.Create(4096), out _));
    }

    /// <summary>vgem_basic@create: 0×0×0 is EINVAL; 1×1×1 is a page, 1024×1024×8 is 1 MiB, 32768×32768×16 is 2 GiB.</summary>
    [Fact]
    public void Create()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var bo = new ModeCreateDumb();
        Assert.Equal(Errno.EINVAL, fd.DumbCreate(ref bo));
        foreach (var (width, height, bpp, size) in new[] { (1u, 1u, 1u, DeviceFixture.PageSize), (1024u, 1024u, 8u, 1UL << 20), (1u << 15, 1u << 15, 16u, 1UL << 31) })
        {
            bo = new ModeCreateDumb { Width = width, Height = height, Bpp = bpp };
            Assert.Equal(Errno.Ok, fd.DumbCreate(ref bo));
            Assert.Equal(size, bo.Size);
            Assert.Equal(Errno.Ok, fd.GemClose(bo.Handle.Value));
        }
    }

    /// <summary>vgem_basic@mmap: a 4 MiB buffer mapped, its handle closed, then every page written through the mapping.</summary>
    [Fact]
    public void Mmap()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var bo = new ModeCreateDumb { Width = 1024, Height = 1024, Bpp = 32 };
        Assert.Equal(Errno.Ok, fd.DumbCreate(ref bo));
        Assert.Equal(Errno.Ok, fd.DumbMap(bo.Handle.Value, out ulong offset));
        Assert.Equal(Errno.Ok, fd.Channel.Map(offset, bo.Size, out var ptr));
        Assert.Equal(Errno.Ok, fd.GemClose(bo.Handle.Value));
        for (ulong page = 0; page < bo.Size / DeviceFixture.PageSize; page++) ptr!.Span(page * DeviceFixture.PageSize, 4).Clear();
        ptr!.Dispose();
        Assert.Equal(0, fx.Device.ObjectCount);
    }
}
