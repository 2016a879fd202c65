namespace AbiKit.Reference.Memory;

/// <summary>A consistent snapshot of a <see cref="BackingStore"/>'s counters.</summary>
public readonly struct BackingStoreStatistics
{
    internal BackingStoreStatistics(long allocatedBytes, int liveAllocations, int arenaCount,
        int fileDescriptorCount, long reservedBytes, int freeExtentCount, long largestFreeBytes, long dirtyBytes)
    {
        AllocatedBytes = allocatedBytes;
        LiveAllocations = liveAllocations;
        ArenaCount = arenaCount;
        FileDescriptorCount = fileDescriptorCount;
        ReservedBytes = reservedBytes;
        FreeExtentCount = freeExtentCount;
        LargestFreeBytes = largestFreeBytes;
        DirtyBytes = dirtyBytes;
    }

    /// <summary>Bytes in live allocations (page-rounded sizes). Purged allocations still count.</summary>
    public long AllocatedBytes { get; }

    /// <summary>Number of live allocations.</summary>
    public int LiveAllocations { get; }

    /// <summary>Number of arenas (memfds).</summary>
    public int ArenaCount { get; }

    /// <summary>File descriptors the store holds open: one per arena, independent of the number of objects.</summary>
    public int FileDescriptorCount { get; }

    /// <summary>Address space reserved by the arenas (arena count × capacity); not memory in use.</summary>
    public long ReservedBytes { get; }

    /// <summary>Free extents over all arenas (a fragmentation measure).</summary>
    public int FreeExtentCount { get; }

    /// <summary>The largest free extent in any arena, in bytes (an existing arena's room for one object).</summary>
    public long LargestFreeBytes { get; }

    /// <summary>Freed bytes not yet punched out of the memfds (see <see cref="BackingStore.DirtyLimit"/>).</summary>
    public long DirtyBytes { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{AllocatedBytes} bytes in {LiveAllocations} allocations; {ArenaCount} arenas, {FileDescriptorCount} fds, " +
        $"{FreeExtentCount} free extents (largest {LargestFreeBytes} bytes), {DirtyBytes} dirty bytes";
}
