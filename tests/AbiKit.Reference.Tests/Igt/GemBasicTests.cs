using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT tests/intel/gem_basic.c (multigpu-create-close needs two devices: not mapped).</summary>
public sealed class GemBasicTests
{
    /// <summary>gem_basic@bad-close: GEM_CLOSE of an unknown handle is EINVAL (drm_gem_handle_delete), not ENOENT.</summary>
    [Fact]
    public void BadClose()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.EINVAL, fd.GemClose(0x10101010));
    }

    /// <summary>gem_basic@create-close.</summary>
    [Fact]
    public void CreateClose()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.Ok, fd.GemClose(fd.Create(16 * 1024).Value));
    }

    /// <summary>gem_basic@create-fd-close: closing the file with an object still allocated releases it.</summary>
    [Fact]
    public void CreateFdClose()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        fd.Create(16 * 1024); // leaked on purpose
        fd.Dispose();
        Assert.Equal(0, fx.Device.ObjectCount);
        Assert.Equal(0UL, fx.Device.ObjectBytes);
    }
}
