using AbiKit.Reference.Memory;

namespace AbiKit.Reference.Tests.Memory;

public sealed class FreeExtentTreeTests
{
    [Fact]
    public void FreeingNeighboursCoalescesAndTheirCombinedSizeFitsInPlace()
    {
        using var store = new BackingStore();
        int page = store.PageSize;
        Allocation a = store.Allocate(page);
        Allocation b = store.Allocate(2L * page);
        Allocation c = store.Allocate(3L * page);
        Allocation d = store.Allocate(page);
        Assert.Equal(b.Offset + b.Length, c.Offset);

        store.Free(b);
        store.Free(c);
        Allocation bc = store.Allocate(5L * page);
        Assert.Equal(b.Offset, bc.Offset); // the two holes became one 5-page extent

        // Coalescing with both neighbours at once: free a and d around a freed middle.
        store.Free(bc);
        store.Free(a);
        store.Free(d);
        Assert.Equal(1, store.Statistics.FreeExtentCount);
        Allocation all = store.Allocate(7L * page);
        Assert.Equal(a.Offset, all.Offset);
    }

    [Fact]
    public void MergesWithPredecessorAndSuccessor()
    {
        var tree = new FreeExtentTree();
        tree.Add(0, 2);
        tree.Add(5, 3);
        tree.Add(10, 1);
        Assert.Equal([(0L, 2L), (5L, 3L), (10L, 1L)], tree.ToList());
        tree.Add(2, 3);
        Assert.Equal([(0L, 8L), (10L, 1L)], tree.ToList());
        tree.Add(8, 2);
        Assert.Equal([(0L, 11L)], tree.ToList());
        Assert.Equal(11, tree.FreePages);
        Assert.Equal(11, tree.LargestExtent);
    }

    [Fact]
    public void OverlappingFreesAreRejectedAndLeaveTheTreeIntact()
    {
        var tree = new FreeExtentTree();
        tree.Add(10, 5);
        Assert.Throws<InvalidOperationException>(() => tree.Add(12, 1));
        Assert.Throws<InvalidOperationException>(() => tree.Add(8, 3));
        Assert.Throws<InvalidOperationException>(() => tree.Add(14, 4));
        Assert.Equal([(10L, 5L)], tree.ToList());
        Assert.Equal(5, tree.FreePages);
    }

    [Fact]
    public void FirstFitTakesTheLowestExtentThatIsLargeEnough()
    {
        var tree = new FreeExtentTree();
        tree.Add(0, 1);
        tree.Add(4, 3);
        tree.Add(10, 8);
        tree.Add(30, 3);
        Assert.True(tree.TryPeekFirstFit(3, out long peek));
        Assert.Equal(4, peek);
        Assert.True(tree.TryTake(3, out long s));
        Assert.Equal(4, s);
        Assert.True(tree.TryTake(5, out s));
        Assert.Equal(10, s);
        Assert.True(tree.TryTake(3, out s));
        Assert.Equal(15, s);
        Assert.False(tree.TryTake(4, out _));
        Assert.Equal([(0L, 1L), (30L, 3L)], tree.ToList());
    }

    /// <summary>Random allocations and frees against a page bitmap: the tree's extents, first-fit choice and
    /// counters always match the model.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatchesABitmapModel(int seed)
    {
        const int Pages = 2048;
        var rng = new Random(seed);
        var tree = new FreeExtentTree();
        tree.Add(0, Pages);
        var used = new bool[Pages];
        var live = new List<(long Start, long Count)>();

        for (int step = 0; step < 20_000; step++)
        {
            if (live.Count > 0 && rng.Next(2) == 0)
            {
                int k = rng.Next(live.Count);
                var (start, count) = live[k];
                live[k] = live[^1];
                live.RemoveAt(live.Count - 1);
                tree.Add(start, count);
                for (long p = start; p < start + count; p++) used[p] = false;
            }
            else
            {
                long want = rng.Next(1, 40);
                long expected = ModelFirstFit(used, want);
                bool ok = tree.TryTake(want, out long start);
                Assert.Equal(expected >= 0, ok);
                if (!ok) continue;
                Assert.Equal(expected, start);
                for (long p = start; p < start + want; p++) used[p] = true;
                live.Add((start, want));
            }

            if (step % 500 == 0)
            {
                var runs = ModelRuns(used);
                Assert.Equal(runs, tree.ToList());
                Assert.Equal(runs.Count, tree.Count);
                Assert.Equal(runs.Sum(r => r.Count), tree.FreePages);
                Assert.Equal(runs.Count == 0 ? 0 : runs.Max(r => r.Count), tree.LargestExtent);
            }
        }
    }

    private static long ModelFirstFit(bool[] used, long want)
    {
        long run = 0;
        for (long p = 0; p < used.Length; p++)
        {
            run = used[p] ? 0 : run + 1;
            if (run == want) return p - want + 1;
        }
        return -1;
    }

    private static List<(long Start, long Count)> ModelRuns(bool[] used)
    {
        var runs = new List<(long, long)>();
        long start = -1;
        for (long p = 0; p <= used.Length; p++)
        {
            bool free = p < used.Length && !used[p];
            if (free && start < 0) start = p;
            if (!free && start >= 0) { runs.Add((start, p - start)); start = -1; }
        }
        return runs;
    }
}
