using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_pread.c and gem_pwrite.c. Not mapping: bench and the size/placement sweeps
/// (small/big/huge-cpu/gtt: benchmarks of GTT and CPU paths), and exhaustion (threads stuck in PREAD on a
/// userfaultfd page of a vgem dma-buf import).
/// </summary>
public sealed class GemPreadPwriteTests
{
    private const int MiB = 1 << 20;

    /// <summary>
    /// gem_pread@self: PREAD of an object into its own mapping — the copy faults on the very object it reads —
    /// in IGT's three overlapping pieces; completes, and each piece lands where it was read to.
    /// </summary>
    [Fact]
    public unsafe void PreadSelf()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(4 * MiB);
        var pattern = Enumerable.Range(0, 4 * MiB).Select(i => (byte)(i / 4096)).ToArray();
        fd.Write(handle, 0, pattern);
        using var map = fd.Map(handle, 4 * MiB);
        ulong ptr = (ulong)((MappedObject)map).Address;
        Assert.Equal(Errno.Ok, Pread(fd, handle, 0, MiB, ptr + 3 * MiB));
        Assert.Equal(pattern.AsSpan(0, MiB).ToArray(), map.Span(3 * MiB, MiB).ToArray());
        Assert.Equal(Errno.Ok, Pread(fd, handle, 3 * MiB, MiB, ptr));
        Assert.Equal(pattern.AsSpan(0, MiB).ToArray(), map.Span(0, MiB).ToArray());
        Assert.Equal(Errno.Ok, Pread(fd, handle, MiB, 2 * MiB, ptr + MiB));
    }

    /// <summary>gem_pwrite@basic-self: PWRITE of an object from its own mapping, in the same three pieces.</summary>
    [Fact]
    public unsafe void PwriteSelf()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(4 * MiB);
        var pattern = Enumerable.Range(0, 4 * MiB).Select(i => (byte)(i / 4096)).ToArray();
        fd.Write(handle, 0, pattern);
        using var map = fd.Map(handle, 4 * MiB);
        ulong ptr = (ulong)((MappedObject)map).Address;
        Assert.Equal(Errno.Ok, Pwrite(fd, handle, 0, MiB, ptr + 3 * MiB));
        Assert.Equal(pattern.AsSpan(3 * MiB, MiB).ToArray(), fd.Read(handle, 0, MiB));
        Assert.Equal(Errno.Ok, Pwrite(fd, handle, 3 * MiB, MiB, ptr));
        Assert.Equal(Errno.Ok, Pwrite(fd, handle, MiB, 2 * MiB, ptr + MiB));
    }

    /// <summary>
    /// gem_pwrite@basic-random: random 8-byte PWRITEs into a large object, each read back through its mapping
    /// after a set_domain (CPU_ACCESS_BEGIN, reading) — rounds, not IGT's 5 s.
    /// </summary>
    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.WriteCombined)]
    public void BasicRandom(Caching caching)
    {
        const ulong Size = 8 * MiB;
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Size, caching);
        using var map = fd.Map(handle, Size);
        var random = new Random(0xbeef);
        for (int i = 0; i < 5_000; i++)
        {
            ulong a = (ulong)random.NextInt64((long)(Size / 8));
            ulong x = (ulong)random.NextInt64();
            fd.Write(handle, a * 8, BitConverter.GetBytes(x));
            Assert.Equal(Errno.Ok, fd.Begin(handle, AccessFlags.Read));
            Assert.Equal(x, BitConverter.ToUInt64(map.Span(a * 8, 8)));
            Assert.Equal(Errno.Ok, fd.End(handle, AccessFlags.Read));
        }
    }

    private static Errno Pread(TestClient c, BoHandle h, ulong offset, ulong size, ulong to)
    {
        var args = new PreadArgs { Handle = h, Offset = offset, Size = size, DataPtr = to };
        return c.Alloc.Pread(ref args);
    }

    private static Errno Pwrite(TestClient c, BoHandle h, ulong offset, ulong size, ulong from)
    {
        var args = new PwriteArgs { Handle = h, Offset = offset, Size = size, DataPtr = from };
        return c.Alloc.Pwrite(ref args);
    }
}
