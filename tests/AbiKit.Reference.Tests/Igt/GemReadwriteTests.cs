using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Interop.Alloc;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>IGT tests/intel/gem_readwrite.c, every subtest (OBJECT_SIZE 16384).</summary>
public sealed class GemReadwriteTests
{
    private const int ObjectSize = 16384;

    /// <summary>gem_readwrite@new-obj: a new object reads as zeros.</summary>
    [Fact]
    public void NewObj()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        var buf = new byte[ObjectSize];
        buf.AsSpan().Fill(0xd0);
        Assert.Equal(Errno.Ok, fd.Pread(handle, 0, buf));
        Assert.All(buf, b => Assert.Equal(0, b));
    }

    /// <summary>gem_readwrite@beyond-EOB: a read running past the end is EINVAL.</summary>
    [Fact]
    public void BeyondEob()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        Assert.Equal(Errno.EINVAL, fd.Pread(handle, ObjectSize / 2, new byte[ObjectSize]));
    }

    /// <summary>gem_readwrite@read-write: full write, partial write, partial read.</summary>
    [Fact]
    public void ReadWrite()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        var buf = new byte[ObjectSize];
        var expected = new byte[ObjectSize];
        buf.AsSpan(1024, 1024).Fill(0x01);
        expected.AsSpan(1024, 1024).Fill(0x01);
        fd.Write(handle, 0, buf);
        Assert.Equal(expected, fd.Read(handle, 0, ObjectSize));

        buf.AsSpan(4096, 1024).Fill(0x02);
        expected.AsSpan(4096, 1024).Fill(0x02);
        fd.Write(handle, 4096, buf.AsSpan(4096, 1024));
        Assert.Equal(expected, fd.Read(handle, 0, ObjectSize));

        Assert.Equal(expected.AsSpan(512, 1024).ToArray(), fd.Read(handle, 512, 1024));
    }

    /// <summary>gem_readwrite@read-bad-handle.</summary>
    [Fact]
    public void ReadBadHandle()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.ENOENT, fd.Pread(new BoHandle(1234), 0, new byte[1024]));
    }

    /// <summary>gem_readwrite@write-bad-handle.</summary>
    [Fact]
    public void WriteBadHandle()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        Assert.Equal(Errno.ENOENT, fd.Pwrite(new BoHandle(1234), 0, new byte[1024]));
    }
}
