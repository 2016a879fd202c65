using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Igt;

/// <summary>
/// IGT tests/vc4/vc4_purgeable_bo.c, on MADVISE (vc4's madvise has the same retained contract). vc4 fills its
/// CMA pool to force a purge; here a memory budget of <see cref="PoolObjects"/> objects does, deterministically.
/// A purged object is unusable, as on vc4 (every use EFAULT, retained 0 for good); only touching a mapping made
/// before the purge differs: SIGBUS on vc4, zeros here (the documented choice: a SIGBUS would kill the host).
/// </summary>
public sealed class Vc4PurgeableBoTests
{
    private const int PoolObjects = 16;
    private const ulong BoSize = 64 * 1024;

    private sealed class Pool : IDisposable
    {
        public Pool()
        {
            Fx = new DeviceFixture(new DeviceOptions { MemoryBudget = PoolObjects * BoSize });
            Fd = Fx.OpenAsIgt();
            // igt_vc4_purgeable_subtest_prepare(): fill the pool, each object mapped.
            for (int i = 0; i < PoolObjects; i++)
            {
                var handle = Fd.Create(BoSize);
                Bos.Add((handle, Fd.Map(handle, BoSize)));
            }
        }

        public DeviceFixture Fx { get; }
        public TestClient Fd { get; }
        public List<(BoHandle Handle, Runtime.Channels.IMappedMemory Map)> Bos { get; } = new();

        /// <summary>MADVISE as igt_vc4_purgeable_bo(): returns retained.</summary>
        public bool Purgeable(BoHandle handle, bool purgeable)
        {
            Assert.Equal(Errno.Ok, Fd.Madvise(handle, purgeable ? Advice.Dontneed : Advice.Willneed, out uint retained));
            return retained != 0;
        }

        /// <summary>igt_vc4_trigger_purge(): allocating as much again as the pool holds purges what may be purged.</summary>
        public void TriggerPurge()
        {
            var extra = Enumerable.Range(0, PoolObjects).Select(_ => Fd.Create(BoSize)).ToList();
            foreach (var handle in extra) Assert.Equal(Errno.Ok, Fd.Close(handle));
        }

        public void Dispose()
        {
            foreach (var (_, map) in Bos) map.Dispose();
            Fx.Dispose();
        }
    }

    /// <summary>vc4_purgeable_bo@mark-willneed: WILLNEED on live objects reports them retained.</summary>
    [Fact]
    public void MarkWillneed()
    {
        using var pool = new Pool();
        foreach (var (handle, _) in pool.Bos) Assert.True(pool.Purgeable(handle, false));
    }

    /// <summary>vc4_purgeable_bo@mark-purgeable: all marked, then all unmarked (nothing asked for memory: all retained).</summary>
    [Fact]
    public void MarkPurgeable()
    {
        using var pool = new Pool();
        foreach (var (handle, _) in pool.Bos) Assert.True(pool.Purgeable(handle, true));
        foreach (var (handle, _) in pool.Bos) Assert.True(pool.Purgeable(handle, false));
    }

    /// <summary>vc4_purgeable_bo@mark-purgeable-twice.</summary>
    [Fact]
    public void MarkPurgeableTwice()
    {
        using var pool = new Pool();
        var handle = pool.Bos[0].Handle;
        Assert.True(pool.Purgeable(handle, true));
        Assert.True(pool.Purgeable(handle, true));
        Assert.True(pool.Purgeable(handle, false));
    }

    /// <summary>vc4_purgeable_bo@mark-unpurgeable-twice.</summary>
    [Fact]
    public void MarkUnpurgeableTwice()
    {
        using var pool = new Pool();
        var handle = pool.Bos[0].Handle;
        Assert.True(pool.Purgeable(handle, true));
        Assert.True(pool.Purgeable(handle, false));
        Assert.True(pool.Purgeable(handle, false));
    }

    /// <summary>vc4_purgeable_bo@access-purgeable-bo-mem: a purgeable object nobody purged is written through its mapping without a fault.</summary>
    [Fact]
    public void AccessPurgeableBoMem()
    {
        using var pool = new Pool();
        var (handle, map) = pool.Bos[0];
        pool.Purgeable(handle, true);
        BitConverter.TryWriteBytes(map.Span(0, 4), 0xdeadbeef);
        Assert.True(pool.Purgeable(handle, false));
        Assert.Equal(0xdeadbeefu, BitConverter.ToUInt32(pool.Fd.Read(handle, 0, 4)));
    }

    /// <summary>
    /// vc4_purgeable_bo@access-purged-bo-mem — a documented choice: vc4 raises SIGBUS touching the purged
    /// object's mapping; here the mapping made before the purge reads the zeros it was purged to and takes the
    /// write (which nobody will see: the object stays purged).
    /// </summary>
    [Fact]
    public void AccessPurgedBoMem_IsADocumentedChoice()
    {
        using var pool = new Pool();
        var (handle, map) = pool.Bos[0];
        BitConverter.TryWriteBytes(map.Span(0, 4), 0xdeadbeef);
        pool.Purgeable(handle, true);
        pool.TriggerPurge();
        Assert.Equal(0u, BitConverter.ToUInt32(map.Span(0, 4)));
        map.Span(0, 4).Clear();
        Assert.False(pool.Purgeable(handle, false));
        Assert.Equal(Errno.EFAULT, pool.Fd.Pread(handle, 0, new byte[4]));
    }

    /// <summary>vc4_purgeable_bo@mark-unpurgeable-check-retained: whatever WILLNEED reports retained kept its data.</summary>
    [Fact]
    public void MarkUnpurgeableCheckRetained()
    {
        using var pool = new Pool();
        foreach (var (handle, map) in pool.Bos)
        {
            BitConverter.TryWriteBytes(map.Span(0, 4), 0xdeadbeef);
            pool.Purgeable(handle, true);
        }
        pool.Fd.Create(BoSize); // some pressure: part of the pool goes
        int retained = 0;
        foreach (var (handle, map) in pool.Bos)
        {
            if (!pool.Purgeable(handle, false)) continue;
            retained++;
            Assert.Equal(0xdeadbeefu, BitConverter.ToUInt32(map.Span(0, 4)));
        }
        Assert.InRange(retained, 1, PoolObjects - 1); // some purged, some kept: both branches were taken
    }

    /// <summary>
    /// vc4_purgeable_bo@mark-unpurgeable-purged: after a purge WILLNEED reports the object not retained, and
    /// it stays purged ("purged BOs are unusable"). Its mapping then faults on vc4; here the existing mapping
    /// reads zeros — the documented choice — and a new one is refused (EFAULT).
    /// </summary>
    [Fact]
    public void MarkUnpurgeablePurged()
    {
        using var pool = new Pool();
        foreach (var (handle, map) in pool.Bos)
        {
            map.Span(0, 4).Fill(0xAB);
            pool.Purgeable(handle, true);
        }
        pool.TriggerPurge();
        var (first, firstMap) = pool.Bos[0];
        Assert.False(pool.Purgeable(first, false));
        Assert.False(pool.Purgeable(first, false)); // purged is final: WILLNEED revives nothing
        Assert.Equal(new byte[4], firstMap.Span(0, 4).ToArray());
        Assert.Equal(Errno.Ok, pool.Fd.MmapOffset(first, out ulong offset));
        Assert.Equal(Errno.EFAULT, pool.Fd.Channel.Map(offset, BoSize, out _));
    }

    /// <summary>vc4_purgeable_bo@free-purged-bo: a purged object is unmapped and closed cleanly, and its memory accounted back.</summary>
    [Fact]
    public void FreePurgedBo()
    {
        using var pool = new Pool();
        var (handle, map) = pool.Bos[0];
        pool.Purgeable(handle, true);
        pool.TriggerPurge();
        pool.Bos.RemoveAt(0);
        map.Dispose();
        Assert.Equal(Errno.Ok, pool.Fd.Close(handle));
        Assert.Equal((ulong)(PoolObjects - 1) * BoSize, pool.Fx.Device.ObjectBytes);
    }
}
