using System.Runtime.InteropServices;
using AbiKit.Reference.Memory;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Tests.Memory;

/// <summary>
/// The store's lazy freeing: small frees are not punched at once but marked dirty; reused dirty pages read as
/// zeros; dirty bytes never exceed the limit; the batch punch (and Trim) really returns the memory to the
/// system, which lseek(SEEK_DATA) shows; purges and large frees are still punched at once.
/// </summary>
public sealed unsafe class LazyFreeTests
{
    private static readonly int Page = Environment.SystemPageSize;

    [Fact]
    public void ReuseAfterALazyFreeReadsZeros()
    {
        using var store = new BackingStore();
        Allocation a = store.Allocate(2L * Page);
        Allocation keep = store.Allocate(Page);
        store.Span(a).Fill(0xAB);
        store.Span(keep).Fill(0xCD);
        store.Free(a);
        Assert.Equal(2L * Page, store.DirtyBytes);

        Allocation b = store.Allocate(2L * Page);
        Assert.Equal(a.Offset, b.Offset);
        Assert.True(store.Span(b).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, store.DirtyBytes); // reuse cleared and forgot the dirty pages
        Assert.True(store.Span(keep).IndexOfAnyExcept((byte)0xCD) < 0);

        // Also through the memfd itself (pread), which is what the device's PREAD reads.
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(store.FileDescriptor(b), ownsHandle: false);
        var buffer = new byte[2 * Page];
        Assert.Equal(buffer.Length, RandomAccess.Read(handle, buffer, b.Offset));
        Assert.All(buffer, x => Assert.Equal(0, x));
    }

    [Fact]
    public void APartialReuseClearsOnlyWhatItTakesAndTheRestStaysDirty()
    {
        using var store = new BackingStore();
        Allocation a = store.Allocate(4L * Page);
        store.Allocate(Page); // keeps the freed range from merging with the arena's free tail
        store.Span(a).Fill(0x5A);
        store.Free(a);

        Allocation first = store.Allocate(Page);
        Assert.Equal(a.Offset, first.Offset);
        Assert.True(store.Span(first).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(3L * Page, store.DirtyBytes);
        Assert.Equal(0x5A, store.Pointer(a)[3 * Page]); // the rest still holds the old data (it is free, not handed out)

        Allocation rest = store.Allocate(3L * Page);
        Assert.Equal(a.Offset + Page, rest.Offset);
        Assert.True(store.Span(rest).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, store.DirtyBytes);
    }

    [Fact]
    public void ReusingManyDirtyPagesPunchesInsteadOfClearingThemByHand()
    {
        // Frees of up to 4 pages are lazy; four adjacent ones merge into 16 dirty pages, more than memset clears.
        using var store = new BackingStore(BackingStore.DefaultArenaCapacity, 1, dirtyLimit: 64L * Page, lazyFreeLimit: 4L * Page);
        var parts = Enumerable.Range(0, 4).Select(_ => store.Allocate(4L * Page)).ToList();
        store.Allocate(Page);
        foreach (Allocation p in parts) store.Span(p).Fill(0x33);
        foreach (Allocation p in parts) store.Free(p);
        Assert.Equal(16L * Page, store.DirtyBytes);

        Allocation whole = store.Allocate(16L * Page);
        Assert.Equal(parts[0].Offset, whole.Offset);
        // Punched, not memset: the range holds no data (checked before reading, which would allocate pages).
        long next = SeekData(store.FileDescriptor(whole), whole.Offset);
        Assert.True(next < 0 || next >= whole.Offset + whole.Length, $"data remains at {next}");
        Assert.True(store.Span(whole).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, store.DirtyBytes);
    }

    [Fact]
    public void ABatchPunchReallyReturnsTheMemory()
    {
        // Dirty limit 4 pages: the fifth one-page free crosses it and punches all five.
        using var store = new BackingStore(BackingStore.DefaultArenaCapacity, 1, dirtyLimit: 4L * Page, lazyFreeLimit: Page);
        var victims = new List<Allocation>();
        var keepers = new List<Allocation>();
        for (int i = 0; i < 5; i++)
        {
            victims.Add(store.Allocate(Page));
            keepers.Add(store.Allocate(Page)); // live neighbours, so the freed pages stay separate ranges
        }
        foreach (Allocation a in victims.Concat(keepers)) store.Span(a).Fill(0x77);
        int fd = store.FileDescriptor(victims[0]);

        for (int i = 0; i < 4; i++) store.Free(victims[i]);
        Assert.Equal(4L * Page, store.DirtyBytes);
        Assert.All(victims.Take(4), v => Assert.Equal(v.Offset, SeekData(fd, v.Offset))); // still resident

        store.Free(victims[4]);
        Assert.Equal(0, store.DirtyBytes);
        foreach (Allocation v in victims)
            Assert.Equal(v.Offset + Page, SeekData(fd, v.Offset)); // a hole; the next data is the live neighbour
        Assert.All(keepers, k => Assert.True(store.Span(k).IndexOfAnyExcept((byte)0x77) < 0));
        Assert.Equal(5L * Page, DataBytes(fd, 0, store.ArenaCapacity)); // only the five live pages hold memory
    }

    [Fact]
    public void DirtyBytesAreBoundedAndSoIsTheMemoryFreedObjectsKeep()
    {
        const int Objects = 300;
        long dirtyLimit = 16L * Page;
        using var store = new BackingStore(BackingStore.DefaultArenaCapacity, 1, dirtyLimit, lazyFreeLimit: 2L * Page);
        var live = new List<Allocation>();
        var rng = new Random(42);
        for (int i = 0; i < Objects; i++)
        {
            Allocation a = store.Allocate(rng.Next(1, 3) * (long)Page);
            store.Span(a).Fill((byte)(i | 1)); // every page resident
            live.Add(a);
        }
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(live));
        int fd = store.FileDescriptor(live[0]);
        while (live.Count > 0)
        {
            store.Free(live[^1]);
            live.RemoveAt(live.Count - 1);
            Assert.InRange(store.DirtyBytes, 0, dirtyLimit);
            if (live.Count % 37 == 0)
            {
                // What the file really holds: the live objects plus at most the dirty limit.
                long liveBytes = live.Sum(a => a.Length);
                Assert.InRange(DataBytes(fd, 0, store.ArenaCapacity), liveBytes, liveBytes + dirtyLimit);
            }
        }
        store.Trim();
        Assert.Equal(0, DataBytes(fd, 0, store.ArenaCapacity));
    }

    [Fact]
    public void PurgeStillPunchesAtOnce()
    {
        using var store = new BackingStore();
        Allocation a = store.Allocate(Page);
        store.Span(a).Fill(0x42);
        store.Purge(a);
        long next = SeekData(store.FileDescriptor(a), a.Offset);
        Assert.True(next < 0 || next >= a.Offset + a.Length, $"data remains at {next}");
        Assert.Equal(0, store.DirtyBytes);
        store.Free(a); // a purged allocation freed lazily is dirty (conservatively), and reuse still reads zeros
        Allocation b = store.Allocate(Page);
        Assert.True(store.Span(b).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void MovingIntoDirtyPagesKeepsHolesAsHoles()
    {
        using var store = new BackingStore();
        Allocation low = store.Allocate(8L * Page);
        store.Span(low).Fill(0x11);
        Allocation high = store.Allocate(8L * Page);
        store.Span(high).Fill(0x22);
        store.Purge(high);
        store.Span(high, 5L * Page, Page).Fill(0x33); // only page 5 of the object has data
        store.Free(low); // lazily: eight dirty pages full of 0x11 below the object
        Assert.Equal(8L * Page, store.DirtyBytes);

        Assert.True(store.TryMove(high, MovePolicy.Compact, out Allocation moved));
        Assert.Equal(low.Offset, moved.Offset);
        // The destination's dirty pages were punched, not cleared by hand: pages 0-4 hold no memory.
        Assert.Equal(moved.Offset + 5L * Page, SeekData(store.FileDescriptor(moved), moved.Offset));
        Span<byte> s = store.Span(moved);
        Assert.True(s[..(5 * Page)].IndexOfAnyExcept((byte)0) < 0);
        Assert.True(s.Slice(5 * Page, Page).IndexOfAnyExcept((byte)0x33) < 0);
        Assert.True(s[(6 * Page)..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void WithNoLazyFreeLimitEveryFreeIsPunchedAtOnce()
    {
        using var store = new BackingStore(BackingStore.DefaultArenaCapacity, 1, dirtyLimit: BackingStore.DefaultDirtyLimit, lazyFreeLimit: 0);
        Allocation a = store.Allocate(Page);
        store.Span(a).Fill(1);
        store.Free(a);
        Assert.Equal(0, store.DirtyBytes);
        long next = SeekData(store.FileDescriptor(store.Allocate(Page)), a.Offset);
        Assert.True(next < 0 || next >= a.Offset + a.Length, $"data remains at {next}");
    }

    [Fact]
    public void RandomAllocationsAlwaysReadAsZerosAndDirtyBytesStayBounded()
    {
        long dirtyLimit = 24L * Page;
        using var store = new BackingStore(512L * Page, 2, dirtyLimit, lazyFreeLimit: 3L * Page);
        var rng = new Random(7);
        var live = new List<Allocation>();
        for (int step = 0; step < 3000; step++)
        {
            int op = rng.Next(10);
            if (op < 5 || live.Count == 0)
            {
                if (store.TryAllocate(rng.Next(1, 7) * (long)Page, out Allocation a) != AllocationStatus.Success) continue;
                Assert.True(store.Span(a).IndexOfAnyExcept((byte)0) < 0, $"step {step}: {a} does not read as zeros");
                store.Span(a).Fill((byte)rng.Next(1, 256));
                live.Add(a);
            }
            else if (op < 9)
            {
                int k = rng.Next(live.Count);
                store.Free(live[k]);
                live.RemoveAt(k);
            }
            else if (op == 9 && live.Count > 0)
            {
                int k = rng.Next(live.Count);
                if (store.TryMove(live[k], out Allocation moved)) live[k] = moved;
            }
            if (step % 500 == 0) store.Trim();
            Assert.InRange(store.DirtyBytes, 0, dirtyLimit);
        }
        foreach (Allocation a in live) store.Free(a);
        store.Trim();
        Assert.Equal(0, store.AllocatedBytes);
        Assert.Equal(0, store.DirtyBytes);
        foreach (MemfdArena arena in store.Arenas) Assert.Equal(0, DataBytes(arena.Fd, 0, store.ArenaCapacity));
    }

    private static long SeekData(int fd, long offset)
    {
        long r = LibC.Lseek(fd, offset, LibC.SEEK_DATA);
        if (r < 0) Assert.Equal(LibC.ENXIO, Marshal.GetLastSystemError());
        return r;
    }

    /// <summary>Bytes of [from, to) that hold data in the file (not holes), by walking SEEK_DATA/SEEK_HOLE.</summary>
    private static long DataBytes(int fd, long from, long to)
    {
        long total = 0, pos = from;
        while (pos < to)
        {
            long data = SeekData(fd, pos);
            if (data < 0 || data >= to) break;
            long hole = LibC.Lseek(fd, data, LibC.SEEK_HOLE);
            Assert.True(hole > data, $"SEEK_HOLE from {data} returned {hole}");
            hole = Math.Min(hole, to);
            total += hole - data;
            pos = hole;
        }
        return total;
    }
}
