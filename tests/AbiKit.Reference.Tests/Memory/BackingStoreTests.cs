using System.Runtime.InteropServices;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Tests.Memory;

public sealed unsafe class BackingStoreTests : IDisposable
{
    private readonly BackingStore _store = new();
    private int Page => _store.PageSize;

    public void Dispose() => _store.Dispose();

    [Fact]
    public void PageSizeComesFromTheSystem()
    {
        Assert.Equal(Environment.SystemPageSize, _store.PageSize);
        Assert.True(_store.PageSize >= 4096 && (_store.PageSize & (_store.PageSize - 1)) == 0);
    }

    [Fact]
    public void SizesRoundUpToWholePages()
    {
        Assert.Equal(Page, _store.Allocate(1).Length);
        Assert.Equal(Page, _store.Allocate(Page).Length);
        Assert.Equal(2L * Page, _store.Allocate(Page + 1).Length);
        Assert.Equal(3L * Page, _store.Allocate(3L * Page - 7).Length);
        Assert.Equal(7L * Page, _store.AllocatedBytes);
        Assert.Equal(4, _store.LiveAllocationCount);
    }

    [Fact]
    public void AllocationsArePageAlignedAndDisjoint()
    {
        var list = Enumerable.Range(1, 20).Select(i => _store.Allocate(i * 1000L)).ToList();
        foreach (Allocation a in list) Assert.Equal(0, a.Offset % Page);
        var sorted = list.OrderBy(a => a.Offset).ToList();
        for (int i = 1; i < sorted.Count; i++)
            Assert.True(sorted[i - 1].Offset + sorted[i - 1].Length <= sorted[i].Offset);
        Assert.Equal(list.Count, list.Select(a => a.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(0L, AllocationStatus.InvalidSize, Errno.EINVAL)]
    [InlineData(-1L, AllocationStatus.InvalidSize, Errno.EINVAL)]
    [InlineData(long.MinValue, AllocationStatus.InvalidSize, Errno.EINVAL)]
    [InlineData(BackingStore.DefaultArenaCapacity + 1, AllocationStatus.TooLarge, Errno.E2BIG)]
    [InlineData(long.MaxValue, AllocationStatus.TooLarge, Errno.E2BIG)]
    public void BadSizesAreReportedWithoutExceptions(long bytes, AllocationStatus expected, Errno errno)
    {
        Assert.Equal(expected, _store.TryAllocate(bytes, out Allocation a));
        Assert.True(a.IsEmpty);
        Assert.Equal(errno, expected.ToErrno());
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.Allocate(bytes));
        Assert.Equal(0, _store.AllocatedBytes);
        Assert.Equal(0, _store.ArenaCount); // nothing was created for a rejected size
    }

    [Fact]
    public void AnObjectAsLargeAsAnArenaFits()
    {
        using var store = new BackingStore(64L * Page, maxArenas: 2);
        Assert.Equal(AllocationStatus.Success, store.TryAllocate(64L * Page, out Allocation whole));
        Assert.Equal(64L * Page, whole.Length);
        Assert.Equal(AllocationStatus.TooLarge, store.TryAllocate(64L * Page + 1, out _));
        Assert.Equal(Errno.Ok, AllocationStatus.Success.ToErrno());
    }

    [Fact]
    public void RunningOutOfArenasIsOutOfMemory()
    {
        using var store = new BackingStore(8L * Page, maxArenas: 2);
        store.Allocate(8L * Page);
        store.Allocate(5L * Page);
        Assert.Equal(AllocationStatus.OutOfMemory, store.TryAllocate(4L * Page, out Allocation none));
        Assert.True(none.IsEmpty);
        Assert.Equal(Errno.ENOMEM, AllocationStatus.OutOfMemory.ToErrno());
        var ex = Assert.Throws<InsufficientMemoryException>(() => store.Allocate(4L * Page));
        Assert.Contains("arenas", ex.Message);
        Assert.Equal(AllocationStatus.Success, store.TryAllocate(3L * Page, out _)); // the exact remainder still fits
        Assert.Equal(2, store.ArenaCount);
    }

    [Fact]
    public void ArenasAreAddedOnlyWhenTheExistingOnesAreFull()
    {
        using var store = new BackingStore(4L * Page, maxArenas: 8);
        Assert.Equal(0, store.ArenaCount);
        var first = Enumerable.Range(0, 4).Select(_ => store.Allocate(Page)).ToList();
        Assert.Equal(1, store.ArenaCount);
        Assert.All(first, a => Assert.Equal(0, a.Arena));
        Allocation fifth = store.Allocate(Page);
        Assert.Equal(1, fifth.Arena);
        Assert.Equal(2, store.ArenaCount);
        Assert.Equal(2, store.FileDescriptorCount);

        // Room in the first arena is used again before the second.
        store.Free(first[2]);
        Allocation again = store.Allocate(Page);
        Assert.Equal(0, again.Arena);
        Assert.Equal(first[2].Offset, again.Offset);
        Assert.Equal(2, store.Statistics.ArenaCount);
        Assert.Equal(8L * Page, store.Statistics.ReservedBytes);
    }

    [Fact]
    public void DataWrittenThroughTheSpanIsVisibleThroughThePointer()
    {
        Allocation a = _store.Allocate(3L * Page);
        Span<byte> span = _store.Span(a);
        Assert.Equal(3 * Page, span.Length);
        for (int i = 0; i < span.Length; i++) span[i] = (byte)(i * 7 + 3);

        byte* p = _store.Pointer(a);
        for (int i = 0; i < span.Length; i += 997) Assert.Equal((byte)(i * 7 + 3), p[i]);
        p[Page + 5] = 0xEE;
        Assert.Equal(0xEE, _store.Span(a)[Page + 5]);
        Assert.Equal(0xEE, _store.Span(a, Page, 16)[5]);
    }

    [Fact]
    public void TheMemoryIsTheMemfdItself()
    {
        Allocation a = _store.Allocate(Page);
        _store.Span(a).Fill(0x5A);
        int fd = _store.FileDescriptor(a);
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false);
        var buffer = new byte[Page];
        Assert.Equal(Page, RandomAccess.Read(handle, buffer, a.Offset));
        Assert.All(buffer, b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void FreshAllocationsReadAsZeros()
    {
        Allocation a = _store.Allocate(4L * Page);
        Assert.True(_store.Span(a).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void FreeThenAllocateReusesTheRangeAndReadsZeros()
    {
        Allocation a = _store.Allocate(2L * Page);
        Allocation keep = _store.Allocate(Page);
        _store.Span(a).Fill(0xAB);
        _store.Span(keep).Fill(0xCD);

        _store.Free(a);
        Assert.False(_store.IsLive(a));
        Assert.Equal(Page, _store.AllocatedBytes);

        Allocation b = _store.Allocate(2L * Page);
        Assert.Equal(a.Arena, b.Arena);
        Assert.Equal(a.Offset, b.Offset); // first fit reuses the freed range
        Assert.NotEqual(a, b);            // but it is a new allocation
        Assert.True(_store.Span(b).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(_store.Span(keep).IndexOfAnyExcept((byte)0xCD) < 0); // the neighbour is untouched
    }

    [Fact]
    public void FreeingALargeAllocationPunchesAHoleAtOnceSoTheMemoryReturnsToTheSystem()
    {
        Allocation a = _store.Allocate(_store.LazyFreeLimit + Page); // above the lazy-free limit
        _store.Span(a).Fill(1);
        int fd = _store.FileDescriptor(a);
        Assert.Equal(a.Offset, SeekData(fd, a.Offset)); // resident data

        _store.Free(a);
        long next = SeekData(fd, a.Offset);
        Assert.True(next < 0 || next >= a.Offset + a.Length, $"data remains at {next}");
        Assert.Equal(0, _store.DirtyBytes);
    }

    [Fact]
    public void FreeingASmallAllocationIsLazyAndTrimReturnsTheMemory()
    {
        Allocation a = _store.Allocate(4L * Page);
        _store.Span(a).Fill(1);
        int fd = _store.FileDescriptor(a);

        _store.Free(a);
        Assert.Equal(4L * Page, _store.DirtyBytes);
        Assert.Equal(4L * Page, _store.Statistics.DirtyBytes);
        Assert.Equal(a.Offset, SeekData(fd, a.Offset)); // not punched yet: the pages are dirty

        Assert.Equal(4L * Page, _store.Trim());
        long next = SeekData(fd, a.Offset);
        Assert.True(next < 0 || next >= a.Offset + a.Length, $"data remains at {next}");
        Assert.Equal(0, _store.DirtyBytes);
        Assert.Equal(0, _store.Trim());
    }

    [Fact]
    public void PurgeZeroesTheContentsAndKeepsTheAllocation()
    {
        Allocation a = _store.Allocate(3L * Page);
        _store.Span(a).Fill(0x77);
        byte* p = _store.Pointer(a);

        _store.Purge(a);
        // The memory went back to the system (checked first: on shmem even a read fault allocates a page again).
        long next = SeekData(_store.FileDescriptor(a), a.Offset);
        Assert.True(next < 0 || next >= a.Offset + a.Length, $"data remains at {next}");
        Assert.True(_store.IsLive(a));
        Assert.Equal(3L * Page, _store.AllocatedBytes);
        Assert.True(_store.Span(a).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, p[Page]); // also through a pointer taken before the purge

        p[10] = 9; // still usable
        Assert.Equal(9, _store.Span(a)[10]);
        _store.Free(a);
        Assert.Equal(0, _store.AllocatedBytes);
    }

    [Fact]
    public void MoveCopiesTheContentsAndFreesTheOldRange()
    {
        Allocation a = _store.Allocate(3L * Page);
        for (int i = 0; i < a.Length; i++) _store.Span(a)[i] = (byte)(i % 251);

        Assert.True(_store.TryMove(a, out Allocation b));
        Assert.NotEqual(a, b);
        Assert.Equal(a.Length, b.Length);
        Assert.False(_store.IsLive(a));
        Assert.True(_store.IsLive(b));
        Assert.Equal(3L * Page, _store.AllocatedBytes);
        Assert.Equal(1, _store.LiveAllocationCount);
        Span<byte> moved = _store.Span(b);
        for (int i = 0; i < moved.Length; i++) Assert.Equal((byte)(i % 251), moved[i]);

        // The old range was punched and is free: the next allocation of that size gets it, zeroed.
        Allocation c = _store.Allocate(3L * Page);
        Assert.Equal(a.Offset, c.Offset);
        Assert.True(_store.Span(c).IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<InvalidOperationException>(() => _store.Free(a));
    }

    [Fact]
    public void MoveKeepsHolesAsHoles()
    {
        Allocation a = _store.Allocate(8L * Page);
        _store.Span(a).Fill(0x11);
        _store.Purge(a);
        _store.Span(a, 5L * Page, Page).Fill(0x22); // only page 5 has data

        Assert.True(_store.TryMove(a, out Allocation b));
        // Pages 0-4 were not made resident (checked before reading them: a read fault on shmem allocates).
        int fd = _store.FileDescriptor(b);
        Assert.Equal(b.Offset + 5L * Page, SeekData(fd, b.Offset));
        Span<byte> s = _store.Span(b);
        Assert.True(s[..(5 * Page)].IndexOfAnyExcept((byte)0) < 0);
        Assert.True(s.Slice(5 * Page, Page).IndexOfAnyExcept((byte)0x22) < 0);
        Assert.True(s[(6 * Page)..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void CompactingMovesOnlyToLowerAddresses()
    {
        Allocation a = _store.Allocate(2L * Page);
        Allocation b = _store.Allocate(2L * Page);
        _store.Span(b).Fill(0x42);

        Assert.False(_store.TryMove(a, MovePolicy.Compact, out Allocation none)); // nothing lower
        Assert.True(none.IsEmpty);
        Assert.True(_store.IsLive(a));

        _store.Free(a);
        Assert.True(_store.TryMove(b, MovePolicy.Compact, out Allocation lower));
        Assert.Equal(a.Offset, lower.Offset);
        Assert.True(_store.Span(lower).IndexOfAnyExcept((byte)0x42) < 0);
        Assert.False(_store.TryMove(lower, MovePolicy.Compact, out _));
        Assert.Equal(1, _store.Statistics.FreeExtentCount); // everything after the object is one extent
    }

    [Fact]
    public void CompactingMovesToAnEarlierArena()
    {
        using var store = new BackingStore(4L * Page, maxArenas: 4);
        var first = Enumerable.Range(0, 4).Select(_ => store.Allocate(Page)).ToList();
        Allocation late = store.Allocate(Page);
        Assert.Equal(1, late.Arena);
        store.Span(late)[0] = 5;
        store.Free(first[3]);

        Assert.True(store.TryMove(late, MovePolicy.Compact, out Allocation moved));
        Assert.Equal(0, moved.Arena);
        Assert.Equal(first[3].Offset, moved.Offset);
        Assert.Equal(5, store.Span(moved)[0]);
    }

    [Fact]
    public void MoveFailsCleanlyWhenThereIsNoRoom()
    {
        using var store = new BackingStore(4L * Page, maxArenas: 1);
        Allocation a = store.Allocate(3L * Page);
        Assert.False(store.TryMove(a, out Allocation none));
        Assert.True(none.IsEmpty);
        Assert.True(store.IsLive(a));
        Assert.Equal(3L * Page, store.AllocatedBytes);
    }

    [Fact]
    public void DoubleFreeThrows()
    {
        Allocation a = _store.Allocate(Page);
        _store.Free(a);
        var ex = Assert.Throws<InvalidOperationException>(() => _store.Free(a));
        Assert.Contains("double free", ex.Message);
        Assert.Equal(0, _store.AllocatedBytes);
    }

    [Fact]
    public void FreeingAStaleAllocationWhoseRangeWasReusedThrows()
    {
        Allocation a = _store.Allocate(Page);
        _store.Free(a);
        Allocation b = _store.Allocate(Page);
        Assert.Equal(a.Offset, b.Offset);

        var ex = Assert.Throws<InvalidOperationException>(() => _store.Free(a));
        Assert.Contains("stale", ex.Message);
        Assert.True(_store.IsLive(b)); // the current owner is unaffected
        Assert.Throws<InvalidOperationException>(() => _store.Purge(a));
        Assert.Throws<InvalidOperationException>(() => _store.TryMove(a, out _));
    }

    [Fact]
    public void ForeignAndEmptyAllocationsAreRejected()
    {
        using var other = new BackingStore();
        Allocation mine = _store.Allocate(Page);
        Allocation foreign = other.Allocate(Page);
        Assert.Equal(mine.Offset, foreign.Offset); // same place, different store

        Assert.Throws<InvalidOperationException>(() => _store.Free(foreign));
        Assert.False(_store.IsLive(foreign));
        Assert.True(_store.IsLive(mine));
        Assert.Throws<InvalidOperationException>(() => _store.Free(default));
        Assert.Throws<ArgumentException>(() => _store.Span(default));
        using var empty = new BackingStore();
        Assert.Throws<InvalidOperationException>(() => empty.Free(mine)); // no arena 0 there yet
    }

    [Fact]
    public void SpanSlicesAreRangeChecked()
    {
        Allocation a = _store.Allocate(2L * Page);
        Assert.Equal(2 * Page, _store.Span(a, 0, 2 * Page).Length);
        Assert.Equal(0, _store.Span(a, 2L * Page, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.Span(a, 1, 2 * Page));
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.Span(a, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.Span(a, long.MaxValue, int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.Span(a, 0, -1));
    }

    [Fact]
    public void AllocationHasValueEquality()
    {
        Allocation a = _store.Allocate(Page);
        Allocation copy = a;
        Assert.Equal(a, copy);
        Assert.True(a == copy);
        Assert.Equal(a.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(a, _store.Allocate(Page));
        Assert.Equal(default, new Allocation());
        Assert.Contains("arena 0", a.ToString());
    }

    [Fact]
    public void ConcurrentAllocationsAndFreesStayConsistent()
    {
        const int Threads = 4, Rounds = 2000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var rng = new Random(t);
            var mine = new List<Allocation>();
            for (int i = 0; i < Rounds; i++)
            {
                if (mine.Count > 0 && rng.Next(3) == 0)
                {
                    int k = rng.Next(mine.Count);
                    Allocation victim = mine[k];
                    Assert.Equal((byte)t, _store.Span(victim)[0]); // nobody else got this memory
                    _store.Free(victim);
                    mine.RemoveAt(k);
                }
                else
                {
                    Allocation a = _store.Allocate(rng.Next(1, 4 * Page));
                    _store.Span(a)[0] = (byte)t;
                    mine.Add(a);
                }
            }
            foreach (Allocation a in mine) _store.Free(a);
        });
        Assert.Equal(0, _store.AllocatedBytes);
        Assert.Equal(0, _store.LiveAllocationCount);
        Assert.Equal(1, _store.Statistics.FreeExtentCount);
    }

    [Fact]
    public void DisposedStoresRefuseWork()
    {
        var store = new BackingStore();
        Allocation a = store.Allocate(Page);
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Allocate(Page));
        Assert.Throws<ObjectDisposedException>(() => store.Free(a));
        Assert.Throws<ObjectDisposedException>(() => store.Pointer(a));
        Assert.Equal(0, store.FileDescriptorCount);
    }

    [Fact]
    public void ConstructorValidatesTheArenaShape()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackingStore(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackingStore(Environment.SystemPageSize + 1L));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackingStore(Environment.SystemPageSize, maxArenas: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackingStore(Environment.SystemPageSize, 1, dirtyLimit: -1, lazyFreeLimit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackingStore(Environment.SystemPageSize, 1, dirtyLimit: 0, lazyFreeLimit: -1));
        using var defaults = new BackingStore();
        Assert.Equal(BackingStore.DefaultDirtyLimit, defaults.DirtyLimit);
        Assert.Equal(BackingStore.DefaultLazyFreeLimit, defaults.LazyFreeLimit);
    }

    private static long SeekData(int fd, long offset)
    {
        long r = LibC.Lseek(fd, offset, LibC.SEEK_DATA);
        if (r < 0) Assert.Equal(LibC.ENXIO, Marshal.GetLastSystemError());
        return r;
    }
}
