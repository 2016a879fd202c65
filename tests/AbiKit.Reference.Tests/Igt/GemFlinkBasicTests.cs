using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT tests/intel/gem_flink_basic.c, every subtest, with IGT's expected errno.</summary>
public sealed class GemFlinkBasicTests
{
    private const ulong Size = 16 * 1024;

    /// <summary>gem_flink_basic@basic: an object flinked into the global namespace can be opened.</summary>
    [Fact]
    public void Basic()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Size);
        uint name = fd.Flink(handle);
        Assert.Equal(Errno.Ok, fd.GemOpen(name, out var opened, out ulong size));
        Assert.NotEqual(0u, opened.Value);
        Assert.Equal(Size, size);
    }

    /// <summary>gem_flink_basic@double-flink: flinking one object twice gives the same name.</summary>
    [Fact]
    public void DoubleFlink()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Size);
        Assert.Equal(fd.Flink(handle), fd.Flink(handle));
    }

    /// <summary>gem_flink_basic@bad-flink: an unknown handle is ENOENT.</summary>
    [Fact]
    public void BadFlink()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.ENOENT, fd.GemFlink(new BoHandle(0x10101010), out _));
    }

    /// <summary>gem_flink_basic@bad-open: an unknown name is ENOENT.</summary>
    [Fact]
    public void BadOpen()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.ENOENT, fd.GemOpen(0x10101010, out _, out _));
    }

    /// <summary>gem_flink_basic@flink-lifetime: a name stays valid while any file holds a handle, even after its creator closed.</summary>
    [Fact]
    public void FlinkLifetime()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var fd2 = fx.OpenAsIgt();
        uint name = fd2.Flink(fd2.Create(Size));
        Assert.NotEqual(0u, fd.Open(name).Value); // a second reference, from another file
        fd2.Dispose();
        var fd3 = fx.OpenAsIgt();
        Assert.NotEqual(0u, fd3.Open(name).Value);
    }
}
