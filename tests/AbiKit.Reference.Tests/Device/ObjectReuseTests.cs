using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// What the device's cheaper create and close must keep: a closed object's memory, freed lazily by the store,
/// reads as zeros in the next object that gets it (through PREAD, which reads the memfd, and through a
/// mapping); handles stay lowest free first; the shrinker still purges the oldest DONTNEED object first.
/// </summary>
public sealed class ObjectReuseTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    [Theory]
    [InlineData(Caching.Cached)]
    [InlineData(Caching.WriteCombined)]
    public void ANewObjectInAClosedObjectsMemoryReadsAsZeros(Caching caching)
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var secret = Enumerable.Range(0, (int)(3 * Page)).Select(i => (byte)(i % 251 + 1)).ToArray();
        for (int round = 0; round < 20; round++)
        {
            var h = c.Create(3 * Page, caching);
            Assert.All(c.Read(h, 0, (int)(3 * Page)), b => Assert.Equal(0, b));
            using (var map = c.Map(h, 3 * Page))
            {
                Assert.Equal(Errno.Ok, c.Begin(h, AccessFlags.Read));
                Assert.True(map.Span(0, (int)(3 * Page)).IndexOfAnyExcept((byte)0) < 0, $"round {round}: the mapping shows old data");
                Assert.Equal(Errno.Ok, c.End(h, AccessFlags.Read));
            }
            c.Write(h, 0, secret); // fill it, so the next object would see it if reuse did not clear it
            Assert.Equal(Errno.Ok, c.Close(h));
        }
    }

    [Fact]
    public void AnotherClientNeverSeesAClosedObjectsData()
    {
        using var fx = new DeviceFixture();
        var a = fx.Open();
        var b = fx.Open();
        var ha = a.Create(Page);
        a.Write(ha, 0, Enumerable.Repeat((byte)0xEE, (int)Page).ToArray());
        Assert.Equal(Errno.Ok, a.Close(ha));

        var hb = b.Create(Page);
        Assert.All(b.Read(hb, 0, (int)Page), x => Assert.Equal(0, x));
    }

    [Fact]
    public void TheShrinkerPurgesTheOldestDontneedObjectFirstWhateverOrderTheAdviceCame()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 4 * Page });
        var c = fx.Open();
        var oldest = c.Create(Page);
        var middle = c.Create(Page);
        var newest = c.Create(Page);
        foreach (var h in new[] { oldest, middle, newest })
        {
            c.Write(h, 0, [0x5A]);
            c.Read(h, 0, 1); // PREAD gives it pages: DONTNEED alone no longer purges it, only the shrinker does
        }
        // Advice in reverse age order, and the oldest once withdrawn and given again.
        Assert.Equal(Errno.Ok, c.Madvise(newest, Advice.Dontneed, out _));
        Assert.Equal(Errno.Ok, c.Madvise(oldest, Advice.Dontneed, out _));
        Assert.Equal(Errno.Ok, c.Madvise(middle, Advice.Dontneed, out _));
        Assert.Equal(Errno.Ok, c.Madvise(oldest, Advice.Willneed, out _));
        Assert.Equal(Errno.Ok, c.Madvise(oldest, Advice.Dontneed, out _));

        c.Create(Page);
        c.Create(Page); // 5 pages against a budget of 4: one page must go

        Assert.Equal(Errno.Ok, c.Madvise(oldest, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.Equal(Errno.Ok, c.Madvise(middle, Advice.Willneed, out retained));
        Assert.Equal(1u, retained);
        Assert.Equal(Errno.Ok, c.Madvise(newest, Advice.Willneed, out retained));
        Assert.Equal(1u, retained);
    }

    [Fact]
    public void AClosedDontneedObjectIsNoLongerAPurgeCandidate()
    {
        using var fx = new DeviceFixture(new DeviceOptions { MemoryBudget = 2 * Page });
        var c = fx.Open();
        var gone = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Madvise(gone, Advice.Dontneed, out _));
        Assert.Equal(Errno.Ok, c.Close(gone));
        var kept = c.Create(Page);
        c.Write(kept, 0, [1]);
        var victim = c.Create(Page);
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Dontneed, out _));
        c.Create(Page); // over budget: only the live DONTNEED object can go
        Assert.Equal(Errno.Ok, c.Madvise(victim, Advice.Willneed, out uint retained));
        Assert.Equal(0u, retained);
        Assert.Equal(1, c.Read(kept, 0, 1)[0]);
        Assert.Equal(3, fx.Device.ObjectCount);
    }

    [Fact]
    public void ObjectCountFollowsCreatesAndClosesInAnyOrder()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        var handles = Enumerable.Range(0, 50).Select(_ => c.Create()).ToList();
        Assert.Equal(50, fx.Device.ObjectCount);
        var rng = new Random(5);
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(handles));
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Errno.Ok, c.Close(handles[i]));
            Assert.Equal(49 - i, fx.Device.ObjectCount);
        }
        var again = c.Create();
        Assert.Equal(1u, again.Value);
        Assert.Equal(1, fx.Device.ObjectCount);
        Assert.Equal(new CompactionResult(0, 0), fx.Device.Compact()); // the one object already sits lowest
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HandleTableGivesTheLowestFreeHandleLikeAModel(bool generations)
    {
        var table = new HandleTable<object>(generations);
        var live = new Dictionary<uint, object>();
        var freeSlots = new SortedSet<int>();
        int slots = 0;
        var rng = new Random(11);
        for (int step = 0; step < 5000; step++)
        {
            if (live.Count == 0 || rng.Next(5) < 3)
            {
                var value = new object();
                uint handle = table.Add(value);
                int expected = freeSlots.Count > 0 ? freeSlots.Min : slots;
                if (freeSlots.Count > 0) freeSlots.Remove(expected);
                else slots++;
                Assert.Equal((uint)(expected + 1), handle & 0xFFFFFF);
                live.Add(handle, value);
            }
            else
            {
                uint handle = live.Keys.ElementAt(rng.Next(live.Count));
                Assert.True(table.Remove(handle));
                Assert.False(table.Remove(handle));
                live.Remove(handle);
                freeSlots.Add((int)(handle & 0xFFFFFF) - 1);
            }
            Assert.Equal(live.Count, table.Count);
        }
        foreach (var (handle, value) in live)
        {
            Assert.Equal(HandleLookup.Found, table.TryGet(handle, out var found));
            Assert.Same(value, found);
        }
    }
}
