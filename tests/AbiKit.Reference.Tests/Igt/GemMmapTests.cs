using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_mmap.c (the legacy mmap ioctl: a handle, an offset into the object and a size) on the
/// device's MMAP_OFFSET + map, whose offset is the object's fake offset plus the offset into it. Not mapping:
/// pf-nonblock (GPU spinner), big-bo/huge-bo/swap-bo (aperture and swap sizes of the machine).
/// </summary>
public sealed class GemMmapTests
{
    private const ulong Page = 4096;
    private const int ObjectSize = 16384;

    /// <summary>gem_mmap@bad-object: the handles of gem_mmap_offset@bad-object are ENOENT here too.</summary>
    [Fact]
    public void BadObject()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var real = fd.Create(Page);
        var handles = new List<uint> { 0xdeadbeef, real.Value + 1 };
        for (int bit = 0; bit < 16; bit++) handles.Add(real.Value | (1u << (bit + 16)));
        foreach (uint h in handles) Assert.Equal(Errno.ENOENT, fd.MmapOffset(new BoHandle(h), out _));
    }

    /// <summary>gem_mmap@bad-offset: an offset past the object's start (by a byte, by -4096, by ~0) is EINVAL.</summary>
    [Theory]
    [InlineData(4096UL, 4097UL)]
    [InlineData(4096UL, 0xFFFF_FFFF_FFFF_F000UL)]
    [InlineData(8192UL, 0xFFFF_FFFF_FFFF_F000UL)]
    [InlineData(4096UL, ulong.MaxValue)]
    public void BadOffset(ulong size, ulong offset)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Page);
        Assert.Equal(Errno.Ok, fd.MmapOffset(handle, out ulong fake));
        Assert.Equal(Errno.EINVAL, fd.Channel.Map(unchecked(fake + offset), size, out var map));
        Assert.Null(map);
    }

    /// <summary>gem_mmap@bad-size: sizes 0, -4096, 4097, 8192 and ~0 of a one-page object, at offset 0 and 4096, are EINVAL.</summary>
    [Theory]
    [InlineData(0UL)]
    [InlineData(4096UL)]
    public void BadSize(ulong offset)
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Page);
        Assert.Equal(Errno.Ok, fd.MmapOffset(handle, out ulong fake));
        foreach (ulong size in new[] { 0UL, 0xFFFF_FFFF_FFFF_F000UL, Page + 1, 2 * Page, ulong.MaxValue })
            Assert.Equal(Errno.EINVAL, fd.Channel.Map(fake + offset, size, out _));
    }

    /// <summary>gem_mmap@basic: a new mapping is clear, coherent with PWRITE, and stays after GEM_CLOSE.</summary>
    [Fact]
    public void Basic()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        using var addr = fd.Map(handle, ObjectSize);
        Assert.True(addr.Span(0, ObjectSize).IndexOfAnyExcept((byte)0) < 0);
        var buf = new byte[ObjectSize];
        buf.AsSpan(1024, 1024).Fill(0x01);
        fd.Write(handle, 0, buf);
        Assert.Equal(buf, addr.Span(0, ObjectSize).ToArray());
        Assert.Equal(Errno.Ok, fd.GemClose(handle.Value));
        Assert.Equal(buf, addr.Span(0, ObjectSize).ToArray());
    }

    /// <summary>gem_mmap@short-mmap: the first page of a larger object maps and is written.</summary>
    [Fact]
    public void ShortMmap()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        using (var addr = fd.Map(handle, Page)) addr.Span(0, (int)Page).Fill(0x5a);
        Assert.All(fd.Read(handle, 0, (int)Page), b => Assert.Equal(0x5a, b));
    }

    /// <summary>
    /// gem_mmap@basic-small-bo: two mappings of one object (IGT: CPU and GTT) see each other's writes, at the
    /// first and the last page, and PREAD sees both.
    /// </summary>
    [Fact]
    public void BasicSmallBo()
    {
        const ulong Size = 8 << 20;
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var bo = fd.Create(Size);
        using var cpu = fd.Map(bo, Size);
        using var other = fd.Map(bo, Size);
        var pattern = Enumerable.Range(0, (int)Page).Select(i => (byte)i).ToArray();
        ulong last = Size - Page;
        pattern.CopyTo(cpu.Span(0, (int)Page));
        pattern.CopyTo(other.Span(last, (int)Page));
        Assert.Equal(pattern, other.Span(0, (int)Page).ToArray());
        Assert.Equal(pattern, cpu.Span(last, (int)Page).ToArray());
        Assert.Equal(pattern, fd.Read(bo, last, (int)Page));
        Assert.True(cpu.Span(Page, (int)(last - Page)).IndexOfAnyExcept((byte)0) < 0);
    }
}
