using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Memory;

/// <summary>
/// One memfd of a fixed capacity, sized with ftruncate (sparse: only touched pages cost memory) and mapped once,
/// shared and read-write, plus a page-granular sub-allocator over it. Purged ranges, and freed ranges the store
/// asks to free eagerly, are punched out of the file (fallocate PUNCH_HOLE|KEEP_SIZE), which returns their pages
/// to the system and makes them read as zeros through every mapping. Ranges freed lazily are only marked dirty:
/// an allocation that reuses dirty pages clears them first (memset, or one punch when there are many), and
/// <see cref="Trim"/> punches every dirty range. Not thread-safe: <see cref="BackingStore"/> serialises the
/// allocator calls; <see cref="Base"/> may be read from any thread while the arena is alive.
/// </summary>
internal sealed unsafe class MemfdArena : IDisposable
{
    private readonly struct LiveEntry(long pages, long id)
    {
        public readonly long Pages = pages;
        public readonly long Id = id;
    }

    private readonly FreeExtentTree _free = new();
    private readonly DirtyPages _dirty = new();
    private readonly Dictionary<long, LiveEntry> _live = new();
    private readonly int _pageShift;
    private int _fd;
    private byte* _base;

    private MemfdArena(int index, int fd, byte* mapping, long capacity, int pageSize)
    {
        Index = index;
        _fd = fd;
        _base = mapping;
        Capacity = capacity;
        PageSize = pageSize;
        _pageShift = System.Numerics.BitOperations.Log2((uint)pageSize);
        CapacityPages = capacity >> _pageShift;
        _free.Add(0, CapacityPages);
    }

    /// <summary>Releases the mapping and the descriptor if the owner never disposed the arena.</summary>
    ~MemfdArena() => Release();

    /// <summary>The arena's index in its store.</summary>
    public int Index { get; }

    /// <summary>Capacity in bytes (a whole number of pages).</summary>
    public long Capacity { get; }

    /// <summary>Capacity in pages.</summary>
    public long CapacityPages { get; }

    /// <summary>The page size the arena allocates in.</summary>
    public int PageSize { get; }

    /// <summary>The memfd (owned by the arena; -1 once disposed).</summary>
    public int Fd => _fd;

    /// <summary>The start of the shared mapping of the whole file (null once disposed).</summary>
    public byte* Base => _base;

    /// <summary>Bytes in live allocations.</summary>
    public long AllocatedBytes => (CapacityPages - _free.FreePages) << _pageShift;

    /// <summary>Number of live allocations.</summary>
    public int LiveCount => _live.Count;

    /// <summary>Number of free extents (a fragmentation measure).</summary>
    public int FreeExtentCount => _free.Count;

    /// <summary>The largest free extent, in pages.</summary>
    public long LargestFreePages => _free.LargestExtent;

    /// <summary>Freed pages not yet punched out of the file (they may still hold old data).</summary>
    public long DirtyPages => _dirty.Pages;

    /// <summary>The free extents in address order, in pages (diagnostics).</summary>
    internal List<(long Start, long Count)> FreeExtents() => _free.ToList();

    /// <summary>The dirty ranges in address order, in pages (diagnostics).</summary>
    internal List<(long Start, long Count)> DirtyRanges() => _dirty.ToList();

    /// <summary>
    /// Creates a memfd of <paramref name="capacity"/> bytes and maps it. On failure returns null and the errno
    /// of the failing call; nothing is leaked.
    /// </summary>
    public static MemfdArena? TryCreate(int index, long capacity, int pageSize, out int errno)
    {
        int fd = LibC.MemfdCreate($"abikit-arena-{index}", LibC.MFD_CLOEXEC);
        if (fd < 0)
        {
            errno = Marshal.GetLastSystemError();
            return null;
        }
        if (LibC.Ftruncate(fd, capacity) != 0)
        {
            errno = Marshal.GetLastSystemError();
            LibC.Close(fd);
            return null;
        }
        void* mapping = LibC.Mmap(null, (nuint)capacity, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (mapping == LibC.MAP_FAILED)
        {
            errno = Marshal.GetLastSystemError();
            LibC.Close(fd);
            return null;
        }
        errno = 0;
        return new MemfdArena(index, fd, (byte*)mapping, capacity, pageSize);
    }

    /// <summary>
    /// Address-ordered first fit; false when no free extent holds <paramref name="pages"/> pages. The range reads
    /// as zeros: dirty pages in it are cleared, with memset when there are at most
    /// <paramref name="memsetLimitPages"/> of them, else by punching the whole range with one fallocate (which
    /// leaves them holes). Returns in <paramref name="cleanedPages"/> how many dirty pages it cleared.
    /// </summary>
    public bool TryAllocate(long pages, long id, long memsetLimitPages, out long offset, out long cleanedPages)
    {
        cleanedPages = 0;
        if (!_free.TryTake(pages, out long start))
        {
            offset = -1;
            return false;
        }
        _live.Add(start, new LiveEntry(pages, id));
        offset = start << _pageShift;
        if (_dirty.Pages != 0) cleanedPages = Clean(start, pages, memsetLimitPages);
        return true;
    }

    /// <summary>Makes the dirty pages in <c>[start, start + pages)</c> read as zeros and forgets them.</summary>
    private long Clean(long start, long pages, long memsetLimitPages)
    {
        long end = start + pages;
        int first = _dirty.FirstEndingAfter(start);
        if (first >= _dirty.RangeCount || _dirty.StartAt(first) >= end) return 0;
        long dirty = _dirty.CountWithin(start, pages);
        if (dirty <= memsetLimitPages)
        {
            // Small: clearing in user space costs less than a syscall. The pages were freed lazily and may
            // never have been touched, in which case this makes them resident: they now belong to a live
            // allocation, which pays for its own memory.
            for (int i = first; i < _dirty.RangeCount && _dirty.StartAt(i) < end; i++)
            {
                long from = Math.Max(start, _dirty.StartAt(i));
                long to = Math.Min(end, _dirty.StartAt(i) + _dirty.CountAt(i));
                NativeMemory.Clear(_base + (from << _pageShift), (nuint)((to - from) << _pageShift));
            }
        }
        else
        {
            // Large: one punch over the whole allocation (its clean pages are holes already) returns the memory
            // and reads as zeros without touching it.
            Punch(start << _pageShift, pages << _pageShift);
        }
        return _dirty.Remove(start, pages);
    }

    /// <summary>
    /// Punches every dirty range out of the file (one fallocate per range; adjacent freed ranges were merged) and
    /// returns how many dirty pages there were.
    /// </summary>
    public long Trim()
    {
        long pages = _dirty.Pages;
        for (int i = 0; i < _dirty.RangeCount; i++)
            Punch(_dirty.StartAt(i) << _pageShift, _dirty.CountAt(i) << _pageShift);
        _dirty.Clear();
        return pages;
    }

    /// <summary>Where <see cref="TryAllocate"/> would place <paramref name="pages"/> pages, without allocating.</summary>
    public bool TryPeek(long pages, out long offset)
    {
        if (_free.TryPeekFirstFit(pages, out long start))
        {
            offset = start << _pageShift;
            return true;
        }
        offset = -1;
        return false;
    }

    /// <summary>Whether <paramref name="allocation"/> is live in this arena (same range, same allocation id).</summary>
    public bool IsLive(in Allocation allocation) =>
        _live.TryGetValue(allocation.Offset >> _pageShift, out LiveEntry e) &&
        e.Id == allocation.Id &&
        e.Pages << _pageShift == allocation.Length &&
        (allocation.Offset & (PageSize - 1)) == 0;

    /// <summary>
    /// Frees a live allocation: its pages go back to the free set (coalesced). When <paramref name="lazy"/> is
    /// false they are punched out of the file at once; otherwise they are only marked dirty, to be cleared when
    /// reused or punched by <see cref="Trim"/>. Throws <see cref="InvalidOperationException"/> when the
    /// allocation is not live here.
    /// </summary>
    public void Free(in Allocation allocation, bool lazy)
    {
        long start = allocation.Offset >> _pageShift;
        // One lookup that also removes; a mismatch (stale, foreign, wrong length) puts the entry back.
        if (!_live.Remove(start, out LiveEntry e) || e.Id != allocation.Id || e.Pages << _pageShift != allocation.Length ||
            (allocation.Offset & (PageSize - 1)) != 0)
        {
            if (e.Id != 0) _live.Add(start, e);
            throw new InvalidOperationException(DescribeNotLive(allocation, "free"));
        }
        long pages = allocation.Length >> _pageShift;
        _free.Add(start, pages);
        if (lazy) _dirty.Add(start, pages);
        else Punch(allocation.Offset, allocation.Length);
    }

    /// <summary>An explanation of why <paramref name="allocation"/> is not live here, for exception messages.</summary>
    public string DescribeNotLive(in Allocation allocation, string operation)
    {
        long start = allocation.Offset >> _pageShift;
        if (_live.TryGetValue(start, out LiveEntry e))
        {
            return e.Id != allocation.Id
                ? $"Cannot {operation} {allocation}: it is stale (freed, and the range now belongs to allocation #{e.Id}), " +
                  "or it comes from another BackingStore."
                : $"Cannot {operation} {allocation}: the live allocation at that offset is {e.Pages << _pageShift} bytes long.";
        }
        return $"Cannot {operation} {allocation}: no live allocation starts at that offset in arena {Index} " +
               "(double free, or an allocation from another BackingStore).";
    }

    /// <summary>
    /// Deallocates <c>[offset, offset + length)</c> of the file so it reads as zeros and its memory returns to the
    /// system. Falls back to madvise(MADV_REMOVE), then to clearing the bytes, so the zeros are guaranteed even
    /// where hole punching is unsupported. Returns whether memory was actually released.
    /// </summary>
    public bool Punch(long offset, long length)
    {
        while (true)
        {
            if (LibC.Fallocate(_fd, LibC.FALLOC_FL_PUNCH_HOLE | LibC.FALLOC_FL_KEEP_SIZE, offset, length) == 0)
                return true;
            if (Marshal.GetLastSystemError() != LibC.EINTR) break;
        }
        if (LibC.Madvise(_base + offset, (nuint)length, LibC.MADV_REMOVE) == 0)
            return true;
        NativeMemory.Clear(_base + offset, (nuint)length);
        return false;
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="sourceOffset"/> in this arena to
    /// <paramref name="destination"/>, which must read as zeros (a fresh allocation). Only the file's data
    /// extents are copied (lseek SEEK_DATA/SEEK_HOLE), so holes — purged or never-touched pages — stay
    /// unallocated in the destination instead of being filled with zeros.
    /// </summary>
    public void CopyDataTo(long sourceOffset, long length, byte* destination)
    {
        long end = sourceOffset + length;
        long pos = sourceOffset;
        while (pos < end)
        {
            long data = LibC.Lseek(_fd, pos, LibC.SEEK_DATA);
            if (data < 0)
            {
                if (Marshal.GetLastSystemError() == LibC.ENXIO) return; // only holes from pos to end of file
                Buffer.MemoryCopy(_base + pos, destination + (pos - sourceOffset), end - pos, end - pos);
                return;
            }
            if (data >= end) return;
            long hole = LibC.Lseek(_fd, data, LibC.SEEK_HOLE);
            if (hole < 0 || hole > end) hole = end;
            if (hole <= data) hole = end; // defensive: never loop without progress
            Buffer.MemoryCopy(_base + data, destination + (data - sourceOffset), hole - data, hole - data);
            pos = hole;
        }
    }

    /// <summary>Unmaps the file and closes the descriptor.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (_base != null)
        {
            LibC.Munmap(_base, (nuint)Capacity);
            _base = null;
        }
        if (_fd >= 0)
        {
            LibC.Close(_fd);
            _fd = -1;
        }
    }
}
