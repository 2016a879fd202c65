using AbiKit.Reference.Memory;
using Xunit.Abstractions;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Tests.Memory;

/// <summary>
/// 100,000 live objects on a handful of file descriptors. In the fd-counting collection so that no other test
/// opens or closes descriptors while this one counts.
/// </summary>
[Collection(FdCountingCollection.Name)]
public sealed unsafe class ManyObjectsTests(ITestOutputHelper output)
{
    private const int Objects = 100_000;
    private const int ObjectSize = 4096;

    /// <summary>
    /// Other threads of the test host (the runner, the GC's finalizer, the runtime loading an assembly on first
    /// use) may open or close a descriptor while this test runs, so counts of all open descriptors are checked
    /// with a small tolerance; the arena memfds, which are the store's own, are checked exactly.
    /// </summary>
    private const int Tolerance = 4;

    [Fact]
    public void HundredThousandLiveObjectsUseAFewDescriptorsAndFreeBackToZero()
    {
        // Warm up everything used below, so first-use work does not happen between two counts.
        using (var warm = new BackingStore())
        {
            var few = new[] { warm.Allocate(ObjectSize), warm.Allocate(ObjectSize) };
            new Random(1).Shuffle(few);
            foreach (Allocation a in few) warm.Free(a);
            _ = warm.Statistics.ToString();
            warm.Trim();
        }
        int fdsBefore = FileDescriptors.OpenCount();
        int memfdsBefore = FileDescriptors.ArenaMemfdCount();

        using (var store = new BackingStore())
        {
            var objects = new Allocation[Objects];
            for (int i = 0; i < Objects; i++)
            {
                Assert.Equal(AllocationStatus.Success, store.TryAllocate(ObjectSize, out objects[i]));
                // Touch every 100th object only: touching all would make 400 MiB resident.
                if (i % 100 == 0) store.Pointer(objects[i])[i % ObjectSize] = (byte)(i / 100 | 1);
            }

            long pageRounded = (ObjectSize + store.PageSize - 1) / store.PageSize * (long)store.PageSize;
            Assert.Equal(Objects, store.LiveAllocationCount);
            Assert.Equal(Objects * pageRounded, store.AllocatedBytes);

            int fdsLive = FileDescriptors.OpenCount();
            int memfdsLive = FileDescriptors.ArenaMemfdCount();
            output.WriteLine($"open fds: {fdsBefore} before, {fdsLive} with {Objects} live objects; " +
                             $"arena memfds: {memfdsBefore} -> {memfdsLive}; {store.Statistics}");
            Assert.True(fdsLive - fdsBefore <= Tolerance, $"open fds grew from {fdsBefore} to {fdsLive}");
            Assert.Equal(store.FileDescriptorCount, memfdsLive - memfdsBefore);
            Assert.True(store.FileDescriptorCount <= 4, store.Statistics.ToString());
            var arenaFds = store.Arenas.Select(a => a.Fd).ToList();

            for (int i = 0; i < Objects; i += 100)
                Assert.Equal((byte)(i / 100 | 1), store.Span(objects[i])[i % ObjectSize]);

            // Free in a scrambled (deterministic) order so the free set really fragments and coalesces.
            var rng = new Random(12345);
            rng.Shuffle(objects);
            for (int i = 0; i < Objects; i++)
            {
                store.Free(objects[i]);
                if (i == Objects / 2) Assert.True(store.Statistics.FreeExtentCount > 1000);
            }

            Assert.Equal(0, store.AllocatedBytes);
            Assert.Equal(0, store.LiveAllocationCount);
            BackingStoreStatistics stats = store.Statistics;
            Assert.Equal(stats.ArenaCount, stats.FreeExtentCount); // each arena is one free extent again
            Assert.Equal(store.ArenaCapacity, stats.LargestFreeBytes);
            Assert.InRange(stats.DirtyBytes, 0, store.DirtyLimit); // freed memory kept resident is bounded

            // Freeing objects closed no arena and opened none.
            Assert.Equal(arenaFds, store.Arenas.Select(a => a.Fd).ToList());
            Assert.Equal(memfdsLive, FileDescriptors.ArenaMemfdCount());
            Assert.InRange(FileDescriptors.OpenCount(), fdsLive - Tolerance, fdsLive + Tolerance);

            // All of it really went back to the system: after the last batch is punched the files hold no data.
            store.Trim();
            foreach (MemfdArena arena in store.Arenas)
            {
                Assert.True(LibC.Lseek(arena.Fd, 0, LibC.SEEK_DATA) < 0, $"arena {arena.Index} still holds data");
                Assert.Equal(LibC.ENXIO, System.Runtime.InteropServices.Marshal.GetLastSystemError());
            }
        }

        int fdsAfter = FileDescriptors.OpenCount();
        output.WriteLine($"open fds after disposing the store: {fdsAfter}");
        Assert.Equal(memfdsBefore, FileDescriptors.ArenaMemfdCount());
        Assert.InRange(fdsAfter, fdsBefore - Tolerance, fdsBefore + Tolerance);
    }
}
