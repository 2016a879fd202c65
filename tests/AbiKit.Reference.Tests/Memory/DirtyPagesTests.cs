using AbiKit.Reference.Memory;

namespace AbiKit.Reference.Tests.Memory;

public sealed class DirtyPagesTests
{
    [Fact]
    public void AddingMergesWithTouchingNeighbours()
    {
        var d = new DirtyPages();
        d.Add(10, 2);
        d.Add(20, 3);
        d.Add(0, 1);
        Assert.Equal([(0L, 1L), (10L, 2L), (20L, 3L)], d.ToList());
        d.Add(12, 8); // touches both sides
        Assert.Equal([(0L, 1L), (10L, 13L)], d.ToList());
        d.Add(1, 2); // touches the left one only
        d.Add(8, 2); // touches the right one only
        Assert.Equal([(0L, 3L), (8L, 15L)], d.ToList());
        Assert.Equal(18, d.Pages);
        Assert.Throws<InvalidOperationException>(() => d.Add(2, 2));
        Assert.Throws<InvalidOperationException>(() => d.Add(22, 5));
        Assert.Equal(18, d.Pages);
    }

    [Fact]
    public void RemovingSplitsTrimsAndDeletes()
    {
        var d = new DirtyPages();
        d.Add(0, 10);
        Assert.Equal(2, d.Remove(4, 2)); // strictly inside: split
        Assert.Equal([(0L, 4L), (6L, 4L)], d.ToList());
        d.Add(20, 5);
        d.Add(30, 5);
        Assert.Equal(2 + 4 + 5 + 2, d.Remove(2, 30)); // trims the first and last, deletes the middle two
        Assert.Equal([(0L, 2L), (32L, 3L)], d.ToList());
        Assert.Equal(0, d.Remove(10, 5)); // nothing there
        Assert.Equal(0, d.Remove(2, 30)); // already clean
        Assert.Equal(5, d.Pages);
        Assert.Equal(2 + 1, d.CountWithin(0, 33));
        Assert.Equal(5, d.Remove(0, 100));
        Assert.Empty(d.ToList());
        Assert.Equal(0, d.Pages);
    }

    [Fact]
    public void MatchesABitmapModelUnderRandomOperations()
    {
        const int Size = 512;
        var model = new bool[Size];
        var d = new DirtyPages();
        var rng = new Random(3);
        for (int step = 0; step < 20_000; step++)
        {
            int start = rng.Next(Size), count = rng.Next(1, Math.Min(20, Size - start) + 1);
            if (rng.Next(2) == 0)
            {
                if (model.AsSpan(start, count).Contains(true)) continue; // Add requires clean pages
                d.Add(start, count);
                model.AsSpan(start, count).Fill(true);
            }
            else
            {
                int expected = model.AsSpan(start, count).Count(true);
                Assert.Equal(expected, d.CountWithin(start, count));
                Assert.Equal(expected, d.Remove(start, count));
                model.AsSpan(start, count).Fill(false);
            }
            if (step % 97 == 0)
            {
                var ranges = d.ToList();
                Assert.Equal(ranges.Count, d.RangeCount);
                var rebuilt = new bool[Size];
                for (int i = 0; i < ranges.Count; i++)
                {
                    if (i > 0) Assert.True(ranges[i - 1].Start + ranges[i - 1].Count < ranges[i].Start); // sorted, never touching
                    rebuilt.AsSpan((int)ranges[i].Start, (int)ranges[i].Count).Fill(true);
                }
                Assert.Equal(model, rebuilt);
                Assert.Equal(model.Count(b => b), d.Pages);
            }
        }
    }
}
