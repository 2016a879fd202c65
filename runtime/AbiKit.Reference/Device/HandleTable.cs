namespace AbiKit.Reference.Device;

/// <summary>How a handle lookup went.</summary>
internal enum HandleLookup
{
    /// <summary>The handle names a live entry.</summary>
    Found,
    /// <summary>Nothing is, or ever was, at that handle.</summary>
    Unknown,
    /// <summary>Checked mode: the slot was reused since this handle was given out (use after close).</summary>
    Stale,
}

/// <summary>
/// One client's handle namespace, as the kernel's idr gives GEM handles: non-zero, lowest free first, so a
/// closed handle's value is soon reused. In checked mode the top byte of a handle carries the slot's
/// generation, so a stale handle reused after close is told apart from the new object in that slot.
/// </summary>
internal sealed class HandleTable<T> where T : class
{
    private const int IndexBits = 24;
    private const uint IndexMask = (1u << IndexBits) - 1;

    private readonly List<(T? Value, byte Generation)> _slots = new();
    // Free slot indices as a binary min-heap in an array: the lowest free slot in O(log n), and no allocation per
    // close (a SortedSet allocates a node for each).
    private int[] _free = new int[16];
    private int _freeCount;
    private readonly bool _generations;

    public HandleTable(bool generations) => _generations = generations;

    public int Count { get; private set; }

    /// <summary>Gives <paramref name="value"/> the lowest free handle; 0 when the namespace is full.</summary>
    public uint Add(T value)
    {
        int index;
        if (_freeCount > 0)
        {
            index = PopMinFree();
        }
        else
        {
            if (_slots.Count >= IndexMask) return 0;
            index = _slots.Count;
            _slots.Add((null, 0));
        }
        byte generation = (byte)(_slots[index].Generation + 1);
        if (generation == 0) generation = 1;
        _slots[index] = (value, generation);
        Count++;
        return Encode(index, generation);
    }

    public HandleLookup TryGet(uint handle, out T value)
    {
        value = null!;
        if (!Decode(handle, out int index, out byte generation) || index >= _slots.Count) return HandleLookup.Unknown;
        var slot = _slots[index];
        if (_generations && slot.Generation != generation) return slot.Generation == 0 ? HandleLookup.Unknown : HandleLookup.Stale;
        if (slot.Value is null) return slot.Generation != 0 && _generations ? HandleLookup.Stale : HandleLookup.Unknown;
        value = slot.Value;
        return HandleLookup.Found;
    }

    public bool Remove(uint handle)
    {
        if (TryGet(handle, out _) != HandleLookup.Found) return false;
        Decode(handle, out int index, out _);
        _slots[index] = (null, _slots[index].Generation);
        PushFree(index);
        Count--;
        return true;
    }

    private void PushFree(int index)
    {
        if (_freeCount == _free.Length) Array.Resize(ref _free, _free.Length * 2);
        int i = _freeCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_free[parent] <= index) break;
            _free[i] = _free[parent];
            i = parent;
        }
        _free[i] = index;
    }

    private int PopMinFree()
    {
        int min = _free[0];
        int last = _free[--_freeCount];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _freeCount) break;
            if (child + 1 < _freeCount && _free[child + 1] < _free[child]) child++;
            if (_free[child] >= last) break;
            _free[i] = _free[child];
            i = child;
        }
        if (_freeCount > 0) _free[i] = last;
        return min;
    }

    /// <summary>Live handles and their values.</summary>
    public IEnumerable<(uint Handle, T Value)> Entries()
    {
        for (int i = 0; i < _slots.Count; i++)
        {
            if (_slots[i].Value is { } v) yield return (Encode(i, _slots[i].Generation), v);
        }
    }

    private uint Encode(int index, byte generation)
        => _generations ? (uint)(index + 1) | ((uint)generation << IndexBits) : (uint)(index + 1);

    private bool Decode(uint handle, out int index, out byte generation)
    {
        uint raw = _generations ? handle & IndexMask : handle;
        generation = _generations ? (byte)(handle >> IndexBits) : (byte)0;
        index = raw is 0 or > int.MaxValue ? -1 : (int)raw - 1;
        return index >= 0;
    }
}
