namespace AbiKit.Reference.Memory;

/// <summary>
/// The free extents of one arena, in pages: a treap ordered by start page in which every node also carries the
/// largest extent in its subtree. That gives address-ordered first fit in O(log n) (descend left while the left
/// subtree has a large enough extent), and the neighbours needed to coalesce a freed extent in O(log n) (split at
/// its start: the predecessor is the maximum of the left part, the successor the minimum of the right part).
/// Extents never overlap and never touch: a freed extent is merged with adjacent free neighbours on insertion.
/// Not thread-safe; the owner serialises access. Priorities come from a fixed-seed generator, so the shape is
/// deterministic for a given sequence of operations.
/// </summary>
internal sealed class FreeExtentTree
{
    private sealed class Node
    {
        public long Start;
        public long Count;
        public long MaxCount;
        public uint Priority;
        public Node? Left;
        public Node? Right;
    }

    private Node? _root;
    private Node? _pool;
    private uint _random = 0x9E3779B9u;

    /// <summary>Number of free extents.</summary>
    public int Count { get; private set; }

    /// <summary>Total free pages.</summary>
    public long FreePages { get; private set; }

    /// <summary>The largest free extent, in pages (0 when nothing is free).</summary>
    public long LargestExtent => _root?.MaxCount ?? 0;

    /// <summary>
    /// Takes <paramref name="pages"/> pages from the lowest-addressed free extent that is large enough
    /// (address-ordered first fit). Returns false, changing nothing, when no extent is large enough.
    /// </summary>
    public bool TryTake(long pages, out long start)
    {
        if (pages <= 0) throw new ArgumentOutOfRangeException(nameof(pages), pages, "Must be positive.");
        if (_root is null || _root.MaxCount < pages)
        {
            start = -1;
            return false;
        }
        _root = Take(_root, pages, out start);
        FreePages -= pages;
        return true;
    }

    /// <summary>
    /// The start of the extent <see cref="TryTake"/> would use for <paramref name="pages"/> pages, without
    /// taking it; false when none is large enough.
    /// </summary>
    public bool TryPeekFirstFit(long pages, out long start)
    {
        Node? n = _root;
        while (n is not null && n.MaxCount >= pages)
        {
            if (n.Left is not null && n.Left.MaxCount >= pages) n = n.Left;
            else if (n.Count >= pages) { start = n.Start; return true; }
            else n = n.Right;
        }
        start = -1;
        return false;
    }

    /// <summary>
    /// Returns <c>[start, start + pages)</c> to the free set, merging it with free neighbours that touch it.
    /// Throws <see cref="InvalidOperationException"/> when the range overlaps a free extent (a double free or a
    /// corrupted allocator), leaving the tree unchanged.
    /// </summary>
    public void Add(long start, long pages)
    {
        if (pages <= 0) throw new ArgumentOutOfRangeException(nameof(pages), pages, "Must be positive.");
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), start, "Must not be negative.");
        long end = start + pages;

        Split(_root, start, out Node? left, out Node? right);
        Node? pred = Max(left);
        Node? succ = Min(right);
        if ((pred is not null && pred.Start + pred.Count > start) || (succ is not null && succ.Start < end))
        {
            _root = Merge(left, right);
            throw new InvalidOperationException(
                $"Freeing pages [{start}, {end}) overlaps free pages " +
                $"[{(pred is not null && pred.Start + pred.Count > start ? pred.Start : succ!.Start)}, ...): " +
                "the range is already free (double free) or the allocator is corrupted.");
        }

        long newStart = start;
        long newCount = pages;
        if (pred is not null && pred.Start + pred.Count == start)
        {
            left = RemoveMax(left!, out Node removed);
            newStart = removed.Start;
            newCount += removed.Count;
            Recycle(removed);
            Count--;
        }
        if (succ is not null && succ.Start == end)
        {
            right = RemoveMin(right!, out Node removed);
            newCount += removed.Count;
            Recycle(removed);
            Count--;
        }

        Node node = NewNode(newStart, newCount);
        Count++;
        FreePages += pages;
        _root = Merge(Merge(left, node), right);
    }

    /// <summary>The free extents in address order (for diagnostics and tests; O(n)).</summary>
    public List<(long Start, long Count)> ToList()
    {
        var list = new List<(long, long)>(Count);
        var stack = new Stack<Node>();
        Node? n = _root;
        while (n is not null || stack.Count > 0)
        {
            while (n is not null) { stack.Push(n); n = n.Left; }
            n = stack.Pop();
            list.Add((n.Start, n.Count));
            n = n.Right;
        }
        return list;
    }

    private Node? Take(Node n, long pages, out long start)
    {
        if (n.Left is not null && n.Left.MaxCount >= pages)
        {
            n.Left = Take(n.Left, pages, out start);
            Update(n);
            return n;
        }
        if (n.Count >= pages)
        {
            start = n.Start;
            if (n.Count == pages)
            {
                Node? merged = Merge(n.Left, n.Right);
                Recycle(n);
                Count--;
                return merged;
            }
            // The remainder keeps its place in the order: nothing lies between the old and the new start.
            n.Start += pages;
            n.Count -= pages;
            Update(n);
            return n;
        }
        n.Right = Take(n.Right!, pages, out start);
        Update(n);
        return n;
    }

    /// <summary>Splits into nodes with Start &lt; key and nodes with Start &gt;= key.</summary>
    private static void Split(Node? t, long key, out Node? left, out Node? right)
    {
        if (t is null)
        {
            left = right = null;
            return;
        }
        if (t.Start < key)
        {
            Split(t.Right, key, out Node? l, out right);
            t.Right = l;
            Update(t);
            left = t;
        }
        else
        {
            Split(t.Left, key, out left, out Node? r);
            t.Left = r;
            Update(t);
            right = t;
        }
    }

    /// <summary>Merges two treaps where every start in <paramref name="a"/> precedes every start in <paramref name="b"/>.</summary>
    private static Node? Merge(Node? a, Node? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        if (a.Priority > b.Priority)
        {
            a.Right = Merge(a.Right, b);
            Update(a);
            return a;
        }
        b.Left = Merge(a, b.Left);
        Update(b);
        return b;
    }

    private static Node? RemoveMax(Node t, out Node max)
    {
        if (t.Right is null)
        {
            max = t;
            return t.Left;
        }
        t.Right = RemoveMax(t.Right, out max);
        Update(t);
        return t;
    }

    private static Node? RemoveMin(Node t, out Node min)
    {
        if (t.Left is null)
        {
            min = t;
            return t.Right;
        }
        t.Left = RemoveMin(t.Left, out min);
        Update(t);
        return t;
    }

    private static Node? Max(Node? t)
    {
        if (t is null) return null;
        while (t.Right is not null) t = t.Right;
        return t;
    }

    private static Node? Min(Node? t)
    {
        if (t is null) return null;
        while (t.Left is not null) t = t.Left;
        return t;
    }

    private static void Update(Node n)
    {
        long max = n.Count;
        if (n.Left is not null && n.Left.MaxCount > max) max = n.Left.MaxCount;
        if (n.Right is not null && n.Right.MaxCount > max) max = n.Right.MaxCount;
        n.MaxCount = max;
    }

    private Node NewNode(long start, long count)
    {
        Node? n = _pool;
        if (n is not null) _pool = n.Left;
        else n = new Node();
        n.Start = start;
        n.Count = count;
        n.MaxCount = count;
        n.Left = null;
        n.Right = null;
        // xorshift32: cheap, deterministic priorities.
        uint x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _random = x;
        n.Priority = x;
        return n;
    }

    private void Recycle(Node n)
    {
        n.Right = null;
        n.Left = _pool;
        _pool = n;
    }
}
