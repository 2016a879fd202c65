using AbiKit.Reference.Memory;
using Xunit.Abstractions;

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

    [Fact]
    public void HundredThousandLiveObjectsUseAFewDescriptorsAndFreeBackToZero()
    {
        string? loadStack = null;
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => { loadStack += "LOAD " + e.LoadedAssembly.GetName().Name + " thread " + Environment.CurrentManagedThreadId + " pool " + Thread.CurrentThread.IsThreadPoolThread + " name " + Thread.CurrentThread.Name + "\n" + Environment.StackTrace + "\n"; };
        var snap = Directory.GetFileSystemEntries("/proc/self/fd").ToDictionary(e => e, e => { try { return new FileInfo(e).LinkTarget ?? "?"; } catch (IOException) { return "?"; } });
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        foreach (var e in Directory.GetFileSystemEntries("/proc/self/fd")) { try { seen[new FileInfo(e).LinkTarget ?? "?"] = 0; } catch (IOException) { } }
        var stop = false;
        var sampler = new Thread(() => { while (!Volatile.Read(ref stop)) { foreach (var e in Directory.GetFileSystemEntries("/proc/self/fd")) { try { seen.TryAdd(new FileInfo(e).LinkTarget ?? "?", 1); } catch (IOException) { } } } });
        sampler.Start();
        Thread.Sleep(100);
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
            Assert.True(fdsLive - fdsBefore <= 4, $"open fds grew from {fdsBefore} to {fdsLive}");
            Assert.Equal(store.FileDescriptorCount, memfdsLive - memfdsBefore);
            Assert.True(store.FileDescriptorCount <= 4, store.Statistics.ToString());

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
            if (fdsLive != FileDescriptors.OpenCount()) Assert.Fail(string.Join("\n", Directory.GetFileSystemEntries("/proc/self/fd").Select(e => { string t; try { t = new FileInfo(e).LinkTarget ?? "?"; } catch (IOException) { t = "?"; } return (e, t); }).Where(x => !snap.TryGetValue(x.e, out var o) || o != x.t).Select(x => $"NEWFD {x.e} -> {x.t}")) + "\n" + loadStack);
            int now = FileDescriptors.OpenCount();
            Volatile.Write(ref stop, true); sampler.Join();
            if (fdsLive != now) Assert.Fail(string.Join("\n", seen.Where(kv => kv.Value == 1).Select(kv => "NEWFD " + kv.Key)));
            Assert.Equal(fdsLive, FileDescriptors.OpenCount()); // freeing objects closes nothing and opens nothing
        }

        int fdsAfter = FileDescriptors.OpenCount();
        output.WriteLine($"open fds after disposing the store: {fdsAfter}");
        Assert.Equal(memfdsBefore, FileDescriptors.ArenaMemfdCount());
        Assert.Equal(fdsBefore, fdsAfter);
    }
}
