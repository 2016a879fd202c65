using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Memory;

/// <summary>
/// The reference device's object memory: real shared memory, sub-allocated in whole pages from a few large
/// memfds ("arenas"). A new arena is created only when no existing one has room, so the number of open file
/// descriptors stays small and does not grow with the number of objects (GEM backs objects with shmem for the
/// same reason: a descriptor per object does not scale). Purged memory is punched out of the memfd at once, so it
/// really returns to the system and reads as zeros afterwards. Freed memory returns to the system too, with
/// bounded delay: see "Freeing" below.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="TryAllocate"/>, <see cref="Allocate"/>, <see cref="Free"/>, <see cref="Purge"/>,
/// <see cref="TryMove(Allocation, out Allocation)"/> and <see cref="IsLive"/> take one lock and may be called from
/// any thread. <see cref="Span(Allocation)"/> and <see cref="Pointer"/> take no lock: they check only that the
/// allocation names a range inside an existing arena, not that it is still live — using memory after freeing it
/// is the device's bug, as in a kernel driver. The memory stays mapped until <see cref="Dispose"/>; spans and
/// pointers must not be used after that.</para>
/// <para>Memory: pages are backed when first touched through the mapping — by a read as well as a write, since
/// shared memory has no shared zero page — and released again by <see cref="Free"/> and <see cref="Purge"/>.</para>
/// <para>Freeing: punching a hole costs a syscall (fallocate), which would dominate a small object's create and
/// close. So a free of at most <see cref="LazyFreeLimit"/> bytes is lazy: the pages go back to the free set at
/// once but stay in the file, marked dirty. An allocation that reuses dirty pages clears them before returning
/// (memset when at most <see cref="LazyFreeLimit"/> bytes of it are dirty, else one punch over the whole
/// range), so every allocation still reads as zeros. When the dirty bytes exceed <see cref="DirtyLimit"/>, the
/// free that crossed the limit punches all dirty ranges in one batch, so freed memory the store keeps resident
/// never exceeds <see cref="DirtyLimit"/> + <see cref="LazyFreeLimit"/>. Larger frees are punched at once, as
/// are purges; <see cref="Trim"/> punches every dirty range now.</para>
/// <para>Misuse that can only be a device bug — freeing, purging or moving an allocation twice, a stale one, or
/// one from another store — throws <see cref="InvalidOperationException"/> saying what happened. A user's bad
/// size is not an exception on the hot path: <see cref="TryAllocate"/> returns an <see cref="AllocationStatus"/>
/// the device maps to EINVAL, E2BIG or ENOMEM.</para>
/// </remarks>
public sealed unsafe class BackingStore : IDisposable
{
    /// <summary>The default arena capacity: 4 GiB of sparse memfd, so one arena holds any object up to 4 GiB and
    /// about a million 4 KiB objects, while costing only the pages actually touched.</summary>
    public const long DefaultArenaCapacity = 4L << 30;

    /// <summary>The default limit on arenas (and so on file descriptors): 64, i.e. 256 GiB of address space with
    /// the default capacity.</summary>
    public const int DefaultMaxArenas = 64;

    /// <summary>The default <see cref="DirtyLimit"/>: 4 MiB of freed, not yet punched memory per store.</summary>
    public const long DefaultDirtyLimit = 4L << 20;

    /// <summary>The default <see cref="LazyFreeLimit"/>: frees of up to 64 KiB are lazy. Clearing 64 KiB with
    /// memset costs about as much as one fallocate punch.</summary>
    public const long DefaultLazyFreeLimit = 64L << 10;

    private static long s_nextId;

    private readonly Lock _lock = new();
    private readonly int _pageShift;
    private MemfdArena[] _arenas = [];
    private readonly long _memsetLimitPages;
    private long _allocatedBytes;
    private long _dirtyBytes;
    private int _liveCount;
    private int _lastArenaErrno;
    private volatile bool _disposed;

    /// <summary>Creates a store with <see cref="DefaultArenaCapacity"/> and <see cref="DefaultMaxArenas"/>.
    /// No memfd is created until the first allocation.</summary>
    public BackingStore()
        : this(DefaultArenaCapacity, DefaultMaxArenas)
    {
    }

    /// <summary>Creates a store whose arenas are <paramref name="arenaCapacity"/> bytes each (a positive multiple
    /// of the page size; also the largest object size) and of which there are at most
    /// <paramref name="maxArenas"/>, with <see cref="DefaultDirtyLimit"/> and <see cref="DefaultLazyFreeLimit"/>.
    /// No memfd is created until the first allocation.</summary>
    public BackingStore(long arenaCapacity, int maxArenas = DefaultMaxArenas)
        : this(arenaCapacity, maxArenas, DefaultDirtyLimit, DefaultLazyFreeLimit)
    {
    }

    /// <summary>
    /// Creates a store as <see cref="BackingStore(long, int)"/> does, with the given <see cref="DirtyLimit"/> and
    /// <see cref="LazyFreeLimit"/> (both at least 0; a <paramref name="lazyFreeLimit"/> of 0 punches every free
    /// at once). No memfd is created until the first allocation.
    /// </summary>
    public BackingStore(long arenaCapacity, int maxArenas, long dirtyLimit, long lazyFreeLimit)
    {
        PageSize = LibC.PageSize;
        if (arenaCapacity <= 0 || (arenaCapacity & (PageSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(arenaCapacity), arenaCapacity,
                $"Arena capacity must be a positive multiple of the page size ({PageSize}).");
        if (maxArenas <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxArenas), maxArenas, "At least one arena is needed.");
        ArgumentOutOfRangeException.ThrowIfNegative(dirtyLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(lazyFreeLimit);
        ArenaCapacity = arenaCapacity;
        MaxArenas = maxArenas;
        DirtyLimit = dirtyLimit;
        LazyFreeLimit = lazyFreeLimit;
        _pageShift = System.Numerics.BitOperations.Log2((uint)PageSize);
        _memsetLimitPages = lazyFreeLimit >> _pageShift;
    }

    /// <summary>The system page size (sysconf(_SC_PAGESIZE)); every allocation is a whole number of pages.</summary>
    public int PageSize { get; }

    /// <summary>The capacity of each arena in bytes, which is also the largest allocation.</summary>
    public long ArenaCapacity { get; }

    /// <summary>The most arenas the store will create.</summary>
    public int MaxArenas { get; }

    /// <summary>Bytes in live allocations (page-rounded). Purged allocations still count.</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>
    /// The most freed-but-not-punched ("dirty") bytes the store keeps: the free that takes the dirty bytes above
    /// it punches them all.
    /// </summary>
    public long DirtyLimit { get; }

    /// <summary>Frees of at most this many bytes are lazy (marked dirty); larger ones are punched at once.</summary>
    public long LazyFreeLimit { get; }

    /// <summary>Freed bytes not yet punched out of the memfds (at most <see cref="DirtyLimit"/> +
    /// <see cref="LazyFreeLimit"/> between calls). Some of them may never have been touched.</summary>
    public long DirtyBytes => Interlocked.Read(ref _dirtyBytes);

    /// <summary>Number of live allocations.</summary>
    public int LiveAllocationCount => Volatile.Read(ref _liveCount);

    /// <summary>Number of arenas (memfds) created so far.</summary>
    public int ArenaCount => Volatile.Read(ref _arenas).Length;

    /// <summary>File descriptors the store holds open: one per arena, however many objects there are.</summary>
    public int FileDescriptorCount => _disposed ? 0 : ArenaCount;

    /// <summary>A consistent snapshot of the counters, taken under the lock.</summary>
    public BackingStoreStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                MemfdArena[] arenas = _arenas;
                int extents = 0;
                long largest = 0;
                foreach (MemfdArena a in arenas)
                {
                    extents += a.FreeExtentCount;
                    largest = Math.Max(largest, a.LargestFreePages << _pageShift);
                }
                return new BackingStoreStatistics(_allocatedBytes, _liveCount, arenas.Length,
                    _disposed ? 0 : arenas.Length, (long)arenas.Length * ArenaCapacity, extents, largest, _dirtyBytes);
            }
        }
    }

    /// <summary>
    /// Allocates <paramref name="bytes"/> rounded up to whole pages, reading as zeros. Address-ordered first fit
    /// over the arenas in order; a new arena is created only when none has room. Never throws for a bad size or
    /// exhausted memory: returns <see cref="AllocationStatus.InvalidSize"/> for 0 or less,
    /// <see cref="AllocationStatus.TooLarge"/> above <see cref="ArenaCapacity"/> (checked before rounding) and
    /// <see cref="AllocationStatus.OutOfMemory"/> when no arena has room and none can be added.
    /// </summary>
    public AllocationStatus TryAllocate(long bytes, out Allocation allocation)
    {
        allocation = default;
        if (bytes <= 0) return AllocationStatus.InvalidSize;
        if (bytes > ArenaCapacity) return AllocationStatus.TooLarge;
        long pages = (bytes + PageSize - 1) >> _pageShift;
        lock (_lock)
        {
            ThrowIfDisposed();
            return AllocateLocked(pages, _memsetLimitPages, out allocation) ? AllocationStatus.Success : AllocationStatus.OutOfMemory;
        }
    }

    /// <summary>
    /// As <see cref="TryAllocate"/>, but throws: <see cref="ArgumentOutOfRangeException"/> for a size of 0 or less
    /// or above <see cref="ArenaCapacity"/>, <see cref="InsufficientMemoryException"/> when memory is exhausted.
    /// </summary>
    public Allocation Allocate(long bytes)
    {
        AllocationStatus status = TryAllocate(bytes, out Allocation allocation);
        return status switch
        {
            AllocationStatus.Success => allocation,
            AllocationStatus.InvalidSize => throw new ArgumentOutOfRangeException(nameof(bytes), bytes,
                "An allocation must be at least one byte."),
            AllocationStatus.TooLarge => throw new ArgumentOutOfRangeException(nameof(bytes), bytes,
                $"An allocation cannot exceed the arena capacity ({ArenaCapacity} bytes)."),
            _ => throw new InsufficientMemoryException(DescribeOutOfMemory(bytes)),
        };
    }

    /// <summary>
    /// Frees a live allocation. Its pages become available to later allocations, which read zeros, and return
    /// to the system: at once when the allocation is larger than <see cref="LazyFreeLimit"/>, else when they are
    /// reused or the dirty bytes exceed <see cref="DirtyLimit"/> (see the class remarks). Throws
    /// <see cref="InvalidOperationException"/> for a double free, a stale allocation, one from another store, or
    /// <c>default</c>.
    /// </summary>
    public void Free(Allocation allocation)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            FreeLocked(ArenaLocked(allocation, "free"), allocation); // the arena's Free checks that it is live
        }
    }

    /// <summary>
    /// Punches every freed-but-not-punched range out of the memfds now, so all freed memory is returned to the
    /// system. Returns the number of dirty bytes released (some may never have been touched).
    /// </summary>
    public long Trim()
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            return TrimLocked();
        }
    }

    /// <summary>Whether <paramref name="allocation"/> is currently live in this store.</summary>
    public bool IsLive(Allocation allocation)
    {
        lock (_lock)
        {
            return !_disposed && !allocation.IsEmpty && (uint)allocation.Arena < (uint)_arenas.Length &&
                   _arenas[allocation.Arena].IsLive(allocation);
        }
    }

    /// <summary>
    /// The allocation's memory as a span, without taking the lock. Throws <see cref="ArgumentException"/> when the
    /// allocation does not name a range of this store's arenas, and <see cref="ArgumentOutOfRangeException"/> when
    /// it is longer than a span can be (2 GiB − 1); use <see cref="Span(Allocation, long, int)"/> or
    /// <see cref="Pointer"/> for those.
    /// </summary>
    public Span<byte> Span(Allocation allocation)
    {
        byte* p = Pointer(allocation);
        if (allocation.Length > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(allocation), allocation.Length,
                "The allocation is too long for one span; take a slice with Span(allocation, offset, length).");
        return new Span<byte>(p, (int)allocation.Length);
    }

    /// <summary>
    /// <paramref name="length"/> bytes of the allocation starting at <paramref name="offset"/>, without taking the
    /// lock. The range is checked without computing offset + length.
    /// </summary>
    public Span<byte> Span(Allocation allocation, long offset, int length)
    {
        byte* p = Pointer(allocation);
        if (offset < 0 || offset > allocation.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Outside the allocation ({allocation.Length} bytes).");
        if (length < 0 || length > allocation.Length - offset)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"Past the end of the allocation ({allocation.Length} bytes) from offset {offset}.");
        return new Span<byte>(p + offset, length);
    }

    /// <summary>
    /// The address of the allocation's first byte, without taking the lock; valid for
    /// <see cref="Allocation.Length"/> bytes until the allocation is freed or moved, or the store disposed.
    /// Throws <see cref="ArgumentException"/> when the allocation does not name a range of this store's arenas.
    /// </summary>
    public byte* Pointer(Allocation allocation)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(BackingStore));
        MemfdArena[] arenas = Volatile.Read(ref _arenas);
        if (allocation.IsEmpty || (uint)allocation.Arena >= (uint)arenas.Length || allocation.Offset < 0 ||
            allocation.Length <= 0 || allocation.Length > ArenaCapacity - allocation.Offset)
            throw new ArgumentException($"{allocation} does not name memory of this store.", nameof(allocation));
        return arenas[allocation.Arena].Base + allocation.Offset;
    }

    /// <summary>
    /// The memfd holding the allocation, which lives at <see cref="Allocation.Offset"/> in it (for mapping the
    /// object elsewhere with mmap). The store owns the descriptor: do not close it.
    /// </summary>
    public int FileDescriptor(Allocation allocation)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            return LiveArenaLocked(allocation, "get the file descriptor of").Fd;
        }
    }

    /// <summary>
    /// Discards the allocation's contents: its pages are punched out of the memfd, so the memory returns to the
    /// system and the contents read as zeros through every mapping. The allocation stays valid and its pages are
    /// backed again on the next write. (madvise(MADV_DONTNEED) would not do: on shared memory it only drops this
    /// mapping's page-table entries and the contents survive.) Throws <see cref="InvalidOperationException"/> when
    /// the allocation is not live.
    /// </summary>
    public void Purge(Allocation allocation)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            LiveArenaLocked(allocation, "purge").Punch(allocation.Offset, allocation.Length);
        }
    }

    /// <summary>Moves the allocation anywhere there is room; see <see cref="TryMove(Allocation, MovePolicy, out Allocation)"/>
    /// with <see cref="MovePolicy.Anywhere"/>.</summary>
    public bool TryMove(Allocation from, out Allocation to) => TryMove(from, MovePolicy.Anywhere, out to);

    /// <summary>
    /// Moves a live allocation: allocates a new range as <paramref name="policy"/> allows, copies the contents,
    /// and frees the old range (punching it out). Only data is copied — holes (purged or never-written pages) stay
    /// holes — so moving does not make memory resident. Returns false, changing nothing, when no suitable range
    /// exists. Pointers and spans into the old range are invalid afterwards. Throws
    /// <see cref="InvalidOperationException"/> when <paramref name="from"/> is not live.
    /// </summary>
    public bool TryMove(Allocation from, MovePolicy policy, out Allocation to)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            MemfdArena source = LiveArenaLocked(from, "move");
            long pages = from.Length >> _pageShift;
            bool found = policy switch
            {
                MovePolicy.Anywhere => AllocateLocked(pages, PunchDirty, out to),
                MovePolicy.Compact => AllocateBelowLocked(pages, from, out to),
                _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown move policy."),
            };
            if (!found) return false;

            MemfdArena target = _arenas[to.Arena];
            source.CopyDataTo(from.Offset, from.Length, target.Base + to.Offset);
            FreeLocked(source, from);
            return true;
        }
    }

    /// <summary>Unmaps and closes every arena. Spans and pointers into the store must no longer be used.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (MemfdArena arena in _arenas) arena.Dispose();
            _allocatedBytes = 0;
            _liveCount = 0;
            _dirtyBytes = 0;
        }
    }

    /// <summary>The arenas (for tests and diagnostics).</summary>
    internal IReadOnlyList<MemfdArena> Arenas => Volatile.Read(ref _arenas);

    private void FreeLocked(MemfdArena arena, in Allocation allocation)
    {
        bool lazy = allocation.Length <= LazyFreeLimit;
        arena.Free(allocation, lazy);
        _allocatedBytes -= allocation.Length;
        _liveCount--;
        if (!lazy) return;
        _dirtyBytes += allocation.Length;
        if (_dirtyBytes > DirtyLimit) TrimLocked();
    }

    private long TrimLocked()
    {
        long released = 0;
        foreach (MemfdArena arena in _arenas)
        {
            if (arena.DirtyPages != 0) released += arena.Trim() << _pageShift;
        }
        _dirtyBytes -= released;
        return released;
    }

    private bool AllocateLocked(long pages, long memsetLimitPages, out Allocation allocation)
    {
        MemfdArena[] arenas = _arenas;
        foreach (MemfdArena arena in arenas)
        {
            if (arena.LargestFreePages >= pages && TakeLocked(arena, pages, memsetLimitPages, out allocation))
                return true;
        }
        if (arenas.Length >= MaxArenas)
        {
            _lastArenaErrno = 0;
            allocation = default;
            return false;
        }
        MemfdArena? created = MemfdArena.TryCreate(arenas.Length, ArenaCapacity, PageSize, out int errno);
        if (created is null)
        {
            _lastArenaErrno = errno;
            allocation = default;
            return false;
        }
        var grown = new MemfdArena[arenas.Length + 1];
        arenas.CopyTo(grown, 0);
        grown[arenas.Length] = created;
        Volatile.Write(ref _arenas, grown); // published for the lock-free Span/Pointer readers
        return TakeLocked(created, pages, memsetLimitPages, out allocation);
    }

    private bool AllocateBelowLocked(long pages, in Allocation from, out Allocation allocation)
    {
        for (int i = 0; i <= from.Arena; i++)
        {
            MemfdArena arena = _arenas[i];
            if (arena.LargestFreePages < pages || !arena.TryPeek(pages, out long offset)) continue;
            if (i == from.Arena && offset > from.Offset) break;
            return TakeLocked(arena, pages, PunchDirty, out allocation);
        }
        allocation = default;
        return false;
    }

    /// <summary>For <see cref="TakeLocked"/>: clear reused dirty pages by punching, never with memset (a move's
    /// destination must keep the source's holes as holes).</summary>
    private const long PunchDirty = -1;

    private bool TakeLocked(MemfdArena arena, long pages, long memsetLimitPages, out Allocation allocation)
    {
        long id = Interlocked.Increment(ref s_nextId);
        if (!arena.TryAllocate(pages, id, memsetLimitPages, out long offset, out long cleaned))
        {
            allocation = default;
            return false;
        }
        _dirtyBytes -= cleaned << _pageShift;
        allocation = new Allocation(arena.Index, offset, pages << _pageShift, id);
        _allocatedBytes += allocation.Length;
        _liveCount++;
        return true;
    }

    private MemfdArena ArenaLocked(in Allocation allocation, string operation)
    {
        if (allocation.IsEmpty)
            throw new InvalidOperationException($"Cannot {operation} an empty (default) allocation.");
        if ((uint)allocation.Arena >= (uint)_arenas.Length)
            throw new InvalidOperationException(
                $"Cannot {operation} {allocation}: this store has {_arenas.Length} arenas (an allocation from another BackingStore?).");
        return _arenas[allocation.Arena];
    }

    private MemfdArena LiveArenaLocked(in Allocation allocation, string operation)
    {
        if (allocation.IsEmpty)
            throw new InvalidOperationException($"Cannot {operation} an empty (default) allocation.");
        if ((uint)allocation.Arena >= (uint)_arenas.Length)
            throw new InvalidOperationException(
                $"Cannot {operation} {allocation}: this store has {_arenas.Length} arenas (an allocation from another BackingStore?).");
        MemfdArena arena = _arenas[allocation.Arena];
        if (!arena.IsLive(allocation))
            throw new InvalidOperationException(arena.DescribeNotLive(allocation, operation));
        return arena;
    }

    private string DescribeOutOfMemory(long bytes)
    {
        int errno;
        lock (_lock) errno = _lastArenaErrno;
        return errno != 0
            ? $"Cannot allocate {bytes} bytes: no arena has room and creating another failed ({Marshal.GetPInvokeErrorMessage(errno)}, errno {errno})."
            : $"Cannot allocate {bytes} bytes: all {MaxArenas} arenas of {ArenaCapacity} bytes are full or fragmented.";
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
