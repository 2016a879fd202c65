namespace AbiKit.Reference.Memory;

/// <summary>
/// The "dirty" pages of one arena: freed, but not yet punched out of the memfd, so they may still hold an old
/// object's data. A set of disjoint, non-touching page ranges kept sorted by start in two parallel arrays.
/// Adjacent ranges are merged on insertion. The owner keeps the set small (its total is bounded by the store's
/// dirty limit, so it has at most that many pages' worth of ranges), which makes the O(ranges) insertion and
/// removal by array shifting cheap and never quadratic in the number of objects.
/// Not thread-safe; the owner serialises access.
/// </summary>
internal sealed class DirtyPages
{
    private long[] _starts = new long[16];
    private long[] _counts = new long[16];

    /// <summary>Number of disjoint ranges.</summary>
    public int RangeCount { get; private set; }

    /// <summary>Total dirty pages.</summary>
    public long Pages { get; private set; }

    /// <summary>The start page of range <paramref name="i"/> (in address order).</summary>
    public long StartAt(int i) => _starts[i];

    /// <summary>The page count of range <paramref name="i"/>.</summary>
    public long CountAt(int i) => _counts[i];

    /// <summary>
    /// Adds <c>[start, start + count)</c>, which must not overlap a dirty range (the pages were live until now),
    /// merging it with ranges that touch it. Throws <see cref="InvalidOperationException"/> on overlap.
    /// </summary>
    public void Add(long start, long count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Must be positive.");
        long end = start + count;
        int i = FirstEndingAfter(start); // ranges before i end at or before start
        if (i < RangeCount && _starts[i] < end)
            throw new InvalidOperationException($"Dirty pages [{start}, {end}) overlap the dirty range starting at {_starts[i]}.");

        bool mergeLeft = i > 0 && _starts[i - 1] + _counts[i - 1] == start;
        bool mergeRight = i < RangeCount && _starts[i] == end;
        if (mergeLeft && mergeRight)
        {
            _counts[i - 1] += count + _counts[i];
            RemoveAt(i, 1);
        }
        else if (mergeLeft)
        {
            _counts[i - 1] += count;
        }
        else if (mergeRight)
        {
            _starts[i] = start;
            _counts[i] += count;
        }
        else
        {
            InsertAt(i, start, count);
        }
        Pages += count;
    }

    /// <summary>Dirty pages inside <c>[start, start + count)</c>.</summary>
    public long CountWithin(long start, long count)
    {
        long end = start + count;
        long total = 0;
        for (int i = FirstEndingAfter(start); i < RangeCount && _starts[i] < end; i++)
            total += Math.Min(end, _starts[i] + _counts[i]) - Math.Max(start, _starts[i]);
        return total;
    }

    /// <summary>
    /// The index of the first range that ends after <paramref name="page"/>, i.e. the first that could contain or
    /// follow it (<see cref="RangeCount"/> when none). Binary search.
    /// </summary>
    public int FirstEndingAfter(long page)
    {
        int lo = 0, hi = RangeCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_starts[mid] + _counts[mid] <= page) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// Removes <c>[start, start + count)</c> from the set (the pages were cleaned), splitting ranges that stick out
    /// on either side. Returns the number of dirty pages removed.
    /// </summary>
    public long Remove(long start, long count)
    {
        long end = start + count;
        int first = FirstEndingAfter(start);
        if (first >= RangeCount || _starts[first] >= end) return 0;

        long removed = 0;
        int last = first; // one past the last range that intersects
        while (last < RangeCount && _starts[last] < end)
        {
            removed += Math.Min(end, _starts[last] + _counts[last]) - Math.Max(start, _starts[last]);
            last++;
        }

        long firstStart = _starts[first];
        long lastEnd = _starts[last - 1] + _counts[last - 1];
        bool keepLeft = firstStart < start;  // a piece of the first range lies before the removed span
        bool keepRight = lastEnd > end;      // a piece of the last range lies after it
        if (keepLeft && keepRight && last - first == 1)
        {
            // One range strictly contains the span: split it in two.
            _counts[first] = start - firstStart;
            InsertAt(first + 1, end, lastEnd - end);
        }
        else
        {
            int keepFrom = first, keepTo = last; // ranges [keepFrom, keepTo) are to be deleted
            if (keepLeft)
            {
                _counts[first] = start - firstStart;
                keepFrom++;
            }
            if (keepRight)
            {
                _starts[last - 1] = end;
                _counts[last - 1] = lastEnd - end;
                keepTo--;
            }
            if (keepTo > keepFrom) RemoveAt(keepFrom, keepTo - keepFrom);
        }
        Pages -= removed;
        return removed;
    }

    /// <summary>Forgets every range (after they were all punched).</summary>
    public void Clear()
    {
        RangeCount = 0;
        Pages = 0;
    }

    /// <summary>The ranges in address order (diagnostics and tests; O(n)).</summary>
    public List<(long Start, long Count)> ToList()
    {
        var list = new List<(long, long)>(RangeCount);
        for (int i = 0; i < RangeCount; i++) list.Add((_starts[i], _counts[i]));
        return list;
    }

    private void InsertAt(int i, long start, long count)
    {
        if (RangeCount == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _counts, _counts.Length * 2);
        }
        if (i < RangeCount)
        {
            Array.Copy(_starts, i, _starts, i + 1, RangeCount - i);
            Array.Copy(_counts, i, _counts, i + 1, RangeCount - i);
        }
        _starts[i] = start;
        _counts[i] = count;
        RangeCount++;
    }

    private void RemoveAt(int i, int n)
    {
        int tail = RangeCount - i - n;
        if (tail > 0)
        {
            Array.Copy(_starts, i + n, _starts, i, tail);
            Array.Copy(_counts, i + n, _counts, i, tail);
        }
        RangeCount -= n;
    }
}
