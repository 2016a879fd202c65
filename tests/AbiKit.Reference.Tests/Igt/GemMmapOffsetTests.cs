using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/intel/gem_mmap_offset.c, for the device's one mapping type. Not mapping: bad-extensions (no
/// extensions field), pf-nonblock and blt-coherency (GPU spinner, blitter), perf (a benchmark), partial-unmap
/// and partial-remap (a runtime mapping is unmapped as a whole), and clear-via-pagefault (lmem eviction).
/// </summary>
public sealed unsafe class GemMmapOffsetTests
{
    private const int Size = 4096;

    /// <summary>gem_mmap_offset@bad-object: 0xdeadbeef, the real handle with any of bits 16..31 set, and real+1 are ENOENT.</summary>
    [Fact]
    public void BadObject()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var real = fd.Create(Size);
        Assert.Equal(Errno.Ok, fd.MmapOffset(real, out _));
        var bad = new List<uint> { 0xdeadbeef, real.Value + 1 };
        for (int bit = 0; bit < 16; bit++) bad.Add(real.Value | (1u << (bit + 16)));
        foreach (uint handle in bad) Assert.Equal(Errno.ENOENT, fd.MmapOffset(new BoHandle(handle), out _));
    }

    /// <summary>gem_mmap_offset@bad-flags: flags -1 is EINVAL (no mapping flags are defined: the field is reserved).</summary>
    [Fact]
    public void BadFlags()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var args = new MmapOffsetArgs { Handle = fd.Create(Size), Flags = uint.MaxValue };
        Assert.Equal(Errno.EINVAL, fd.Alloc.MmapOffset(ref args));
    }

    /// <summary>
    /// gem_mmap_offset@basic-uaf: a new mapping is clear, coherent with PWRITE and with PREAD, and stays resident
    /// (with the same contents) after GEM_CLOSE, until unmapped.
    /// </summary>
    [Fact]
    public void BasicUaf()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Size);
        using var map = fd.Map(handle, Size);
        Assert.All(map.Span(0, Size).ToArray(), b => Assert.Equal(0, b));

        var buf = new byte[Size];
        buf.AsSpan(1024, 1024).Fill(0x01);
        fd.Write(handle, 0, buf);
        Assert.Equal(buf, map.Span(0, Size).ToArray());

        map.Span(2048, 1024).Fill(0xff);
        buf = fd.Read(handle, 0, Size);
        Assert.Equal(buf, map.Span(0, Size).ToArray());

        Assert.Equal(Errno.Ok, fd.GemClose(handle.Value));
        Assert.Equal(buf, map.Span(0, Size).ToArray());
    }

    /// <summary>
    /// gem_mmap_offset@isolation: A's object, opened by B through flink, has one offset; a file holding no
    /// handle cannot map it (EACCES); A can map it after B closes; after A closes nothing maps it.
    /// </summary>
    [Fact]
    public void Isolation()
    {
        using var fx = new DeviceFixture();
        var i915 = fx.OpenAsIgt();
        var a = fx.OpenAsIgt();
        var b = fx.OpenAsIgt();
        var handleA = a.Create(Size);
        var handleB = b.Open(a.Flink(handleA));
        Assert.Equal(Errno.Ok, a.MmapOffset(handleA, out ulong offsetA));
        Assert.Equal(Errno.Ok, b.MmapOffset(handleB, out ulong offsetB));

        Assert.Equal(Errno.EACCES, i915.Channel.Map(offsetA, Size, out _));
        Assert.Equal(Errno.EACCES, i915.Channel.Map(offsetB, Size, out _));
        if (offsetA != offsetB)
        {
            Assert.Equal(Errno.EACCES, b.Channel.Map(offsetA, Size, out _));
            Assert.Equal(Errno.EACCES, a.Channel.Map(offsetB, Size, out _));
        }

        b.Dispose();
        Assert.Equal(Errno.Ok, a.Channel.Map(offsetA, Size, out var ptr));
        ptr!.Dispose();

        a.Dispose();
        Assert.NotEqual(Errno.Ok, a.Channel.Map(offsetA, Size, out ptr));
        Assert.Null(ptr);
    }

    /// <summary>
    /// gem_mmap_offset@oob-read — a documented choice: reading 8 bytes across the end of a one-page mapping
    /// through /proc/self/mem is EIO on i915 (nothing is mapped after it); here the mapping is followed by a
    /// read-only page of zeros, so the read succeeds with the object's last 4 bytes and 4 zeros.
    /// </summary>
    [Fact]
    public void OobRead_IsADocumentedChoice()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Size);
        using var map = fd.Map(handle, Size);
        map.Span(Size - 4, 4).Fill(0x11);
        var bytes = new byte[8];
        using (var mem = File.OpenHandle("/proc/self/mem", FileMode.Open, FileAccess.Read))
        {
            Assert.Equal(8, RandomAccess.Read(mem, bytes, (long)((MappedObject)map).Address + Size - 4));
        }
        Assert.Equal(new byte[] { 0x11, 0x11, 0x11, 0x11, 0, 0, 0, 0 }, bytes);
    }

    /// <summary>
    /// gem_mmap_offset@ptrace: another party reading and writing the mapping through the kernel (PEEKDATA and
    /// POKEDATA there; /proc/self/mem, the same access_remote_vm path, here) sees and changes the object.
    /// </summary>
    [Fact]
    public void Ptrace()
    {
        const int Sz = 3 * 4096;
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(Sz);
        using var map = fd.Map(handle, Sz);
        map.Span(0, Sz).Fill(0x55);
        long address = (long)((MappedObject)map).Address;
        var copy = new byte[Sz];
        using (var mem = File.OpenHandle("/proc/self/mem", FileMode.Open, FileAccess.ReadWrite))
        {
            Assert.Equal(Sz, RandomAccess.Read(mem, copy, address));
            RandomAccess.Write(mem, Enumerable.Repeat((byte)0xaa, Sz).ToArray(), address);
        }
        Assert.All(copy, b => Assert.Equal(0x55, b));
        Assert.All(map.Span(0, Sz).ToArray(), b => Assert.Equal(0xaa, b));
        Assert.All(fd.Read(handle, 0, Sz), b => Assert.Equal(0xaa, b));
    }

    /// <summary>
    /// gem_mmap_offset@close-race: threads create, swap their handle into a shared table, GEM_CLOSE the one
    /// they swapped out (perhaps another thread's, perhaps already closed), and map and touch their own; an
    /// object closed under a thread's map either maps (and the mapping holds it) or fails cleanly. Nothing leaks.
    /// </summary>
    [Fact]
    public void CloseRace()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handles = new uint[4];
        IgtCalls.RunThreads(3, seed =>
        {
            var random = new Random(seed);
            for (int i = 0; i < 1_500; i++)
            {
                var bo = fd.Create(Size);
                uint old = Interlocked.Exchange(ref handles[1 + random.Next(3)], bo.Value);
                var closed = fd.GemClose(old);
                Assert.True(closed is Errno.Ok or Errno.EINVAL, $"GEM_CLOSE: {closed}");
                if (fd.MmapOffset(bo, out ulong offset) != Errno.Ok) continue; // closed by another thread already
                var mapped = fd.Channel.Map(offset, Size, out var map);
                if (mapped != Errno.Ok)
                {
                    Assert.True(mapped is Errno.EINVAL or Errno.EACCES, $"map: {mapped}");
                    continue;
                }
                map!.Span(0, 4).Clear();
                map.Dispose();
            }
        });
        foreach (uint h in handles) fd.GemClose(h);
        Assert.Equal(0, fx.Device.ObjectCount);
    }

    /// <summary>
    /// gem_mmap_offset@open-flood: files come and go, each importing one object (by export token, the
    /// device's dma-buf) and asking its offset, while another file keeps asking too; the offset is always given.
    /// </summary>
    [Fact]
    public void OpenFlood()
    {
        using var fx = new DeviceFixture();
        var i915 = fx.OpenAsIgt();
        var handle = i915.Create(Size);
        Assert.Equal(Errno.Ok, i915.Export(handle, out ulong token));
        var child = fx.OpenAsIgt();
        Assert.Equal(Errno.Ok, child.Import(token, out var childHandle, out _));
        Assert.Equal(Errno.Ok, i915.GemClose(handle.Value));
        int done = 0;
        var poller = IgtCalls.Background(() =>
        {
            while (Volatile.Read(ref done) == 0) Assert.Equal(Errno.Ok, child.MmapOffset(childHandle, out _));
        });
        try
        {
            for (int i = 0; i < 2_000; i++)
            {
                using var tmp = new TestClient(fx.Device.Open());
                Assert.Equal(Errno.Ok, tmp.Import(token, out var imported, out _));
                Assert.Equal(Errno.Ok, tmp.MmapOffset(imported, out _));
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            poller();
        }
        Assert.Equal(1, fx.Device.ObjectCount);
    }

    /// <summary>gem_mmap_offset@partial-mmap — a documented choice: only a prefix maps; the object's last page alone does not.</summary>
    [Fact]
    public void PartialMmap_IsADocumentedChoice()
    {
        const int TwoMiB = 2 << 20;
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(TwoMiB);
        Assert.Equal(Errno.Ok, fd.MmapOffset(handle, out ulong offset));
        Assert.Equal(Errno.Ok, fd.Channel.Map(offset, Size, out var head));
        head!.Span(0, Size).Fill(0xcc);
        head.Dispose();
        Assert.Equal(Errno.EINVAL, fd.Channel.Map(offset + TwoMiB - Size, Size, out _)); // i915: maps, reads zeros
        Assert.All(fd.Read(handle, TwoMiB - Size, Size), b => Assert.Equal(0, b));
    }

    /// <summary>gem_mmap_offset@mmap-boundaries: a large prefix of a larger object is written and read back at its very end.</summary>
    [Fact]
    public void MmapBoundaries()
    {
        const ulong ObjectSize = 64 << 20;
        const ulong MapSize = (16 << 20) - (512 << 10);
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(ObjectSize);
        using (var map = fd.Map(handle, MapSize))
        {
            map.Span(MapSize - 1024, 1024).Fill(0xab);
            Assert.All(map.Span(MapSize - 1024, 1024).ToArray(), b => Assert.Equal(0xab, b));
        }
        Assert.All(fd.Read(handle, MapSize - 1024, 1024), b => Assert.Equal(0xab, b));
    }

    /// <summary>gem_mmap_offset@mmap-unmap: mapping and unmapping one object over and over, touching it each time, leaks no mapping.</summary>
    [Fact]
    public void MmapUnmap()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var handle = fd.Create(2 * Size);
        for (int i = 0; i < 1_000; i++)
        {
            using var map = fd.Map(handle, 2 * Size);
            map.Span(2 * Size - 1024, 1)[0] = (byte)i;
        }
        Assert.Equal(0, fx.Device.LiveMappingCount);
        Assert.Equal(unchecked((byte)999), fd.Read(handle, 2 * Size - 1024, 1)[0]);
    }

    /// <summary>gem_mmap_offset@clear: new objects always map as zeros, also when they reuse memory the last ones dirtied through a mapping.</summary>
    [Fact]
    public void Clear()
    {
        using var fx = new DeviceFixture();
        var fd = fx.OpenAsIgt();
        var random = new Random(5);
        for (int round = 0; round < 300; round++)
        {
            ulong size = (ulong)random.Next(1, 32) * DeviceFixture.PageSize;
            var handle = fd.Create(size);
            using (var map = fd.Map(handle, size))
            {
                Assert.True(map.Span(0, (int)size).IndexOfAnyExcept((byte)0) < 0, "a new object's mapping is not clear");
                map.Span(0, (int)size).Fill(0x5a);
            }
            Assert.Equal(Errno.Ok, fd.Close(handle));
        }
    }
}
