using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/core_auth.c. The getclient-* subtests read authentication through DRM_IOCTL_GET_CLIENT, which the
/// device does not implement; they are ported through an ioctl that needs DRM_AUTH (GEM_FLINK) instead.
/// </summary>
public sealed class CoreAuthTests
{
    /// <summary>core_auth@getclient-simple: a root client is always authenticated.</summary>
    [Fact]
    public void GetclientSimple()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.Ok, fd.GemFlink(fd.Create(4096), out _));
    }

    /// <summary>core_auth@getclient-master-drop: the second root client stays authenticated after the first (the master) closes.</summary>
    [Fact]
    public void GetclientMasterDrop()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        var bo = fd2.Create(4096);
        Assert.Equal(Errno.Ok, fd2.GemFlink(bo, out _));
        fd.Dispose();
        Assert.Equal(Errno.Ok, fd2.GemFlink(bo, out _));
    }

    /// <summary>
    /// core_auth@basic-auth: a slave's magic is non-zero and stable; it can be redeemed exactly once, on the
    /// master (the slave itself is refused: AUTH_MAGIC is DRM_MASTER); redeeming does not change it.
    /// </summary>
    [Fact]
    public void BasicAuth()
    {
        using var fx = new DeviceFixture();
        var master = fx.OpenAsIgt();
        var slave = fx.OpenAsIgt();
        Assert.Equal(Errno.Ok, slave.GetMagic(out uint magic));
        Assert.NotEqual(0u, magic);
        Assert.Equal(Errno.Ok, slave.GetMagic(out uint again));
        Assert.Equal(magic, again);

        Assert.NotEqual(Errno.Ok, slave.AuthMagic(magic));
        Assert.Equal(Errno.Ok, master.AuthMagic(magic));
        Assert.NotEqual(Errno.Ok, master.AuthMagic(magic));

        Assert.Equal(Errno.Ok, slave.GetMagic(out again));
        Assert.Equal(magic, again);
    }

    /// <summary>
    /// core_auth@many-magics: many slaves (IGT opens until EMFILE at 1024; an in-process file has no fd, so a
    /// fixed 1000 here) each get a distinct magic, and the master can authenticate every one.
    /// </summary>
    [Fact]
    public void ManyMagics()
    {
        using var fx = new DeviceFixture();
        var master = fx.OpenAsIgt();
        var slaves = Enumerable.Range(0, 1000).Select(_ => fx.Open(DrmNode.Primary, hasSysAdmin: false)).ToList();
        var magics = new List<uint>();
        foreach (var slave in slaves)
        {
            Assert.Equal(Errno.Ok, slave.GetMagic(out uint magic));
            Assert.NotEqual(0u, magic);
            magics.Add(magic);
        }
        Assert.Equal(magics.Count, magics.Distinct().Count());
        foreach (uint magic in magics) Assert.Equal(Errno.Ok, master.AuthMagic(magic));
        // Authenticated now: an ioctl that needs DRM_AUTH works for each.
        Assert.All(slaves, s => Assert.Equal(Errno.Ok, s.GemFlink(s.Create(4096), out _)));
        foreach (var slave in slaves) slave.Dispose();
    }
}
