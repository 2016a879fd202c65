using System.Globalization;
using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference.Device;

/// <summary>What USERPTR needs to know about a range of the caller's address space, and to do to it.</summary>
internal static unsafe partial class UserRange
{
    private const int MadvDontfork = 10;
    private const int MadvDofork = 11;
    private const int MadvWipeonfork = 18;
    private const int MadvKeeponfork = 19;
    private const int RlimitMemlock = 8;

    private const int ORdonly = 0;
    private const int OCloexec = 0x80000;
    private const int Enoent = 2;

    /// <summary>PROCMAP_QUERY: _IOWR('f', 17, struct procmap_query), Linux 6.11 and later.</summary>
    private const nuint ProcmapQueryRequest = 0xC0686611;
    private const ulong VmaReadable = 0x01;
    private const ulong VmaWritable = 0x02;

    /// <summary>struct procmap_query (include/uapi/linux/fs.h), 104 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ProcmapQuery
    {
        public ulong Size;
        public ulong QueryFlags;
        public ulong QueryAddr;
        public ulong VmaStart;
        public ulong VmaEnd;
        public ulong VmaFlags;
        public ulong VmaPageSize;
        public ulong VmaOffset;
        public ulong Inode;
        public uint DevMajor;
        public uint DevMinor;
        public uint VmaNameSize;
        public uint BuildIdSize;
        public ulong VmaNameAddr;
        public ulong BuildIdAddr;
    }

    // /proc/self/maps, opened once for PROCMAP_QUERY (-1 until first use). The descriptor stays open for the life
    // of the process (close-on-exec); a forked child never runs managed code, so never asks it about the parent.
    private static int s_mapsFd = -1;
    // Set once the kernel turned out not to support PROCMAP_QUERY: then the text of /proc/self/maps is walked.
    private static volatile bool s_queryUnsupported;

    /// <summary>How a range is mapped, as USERPTR's checks need it.</summary>
    internal enum Mapping
    {
        /// <summary>Ordinary memory, writable (or readable, when read-only suffices).</summary>
        Ordinary,
        /// <summary>Some page is not mapped: a hole (never mapped, unmapped or freed).</summary>
        NotMapped,
        /// <summary>Every page is mapped, but some not as needed: PROT_NONE, or read-only unless read-only suffices.</summary>
        NotAccessible,
        /// <summary>Mapped, but not ordinary memory: a device file, the kernel's pages, another object's mapping.</summary>
        NotOrdinary,
    }

    /// <summary>
    /// Checks the mappings over [start, start + length): every page must be mapped and writable (PROT_WRITE alone
    /// suffices, as for get_user_pages with FOLL_WRITE) — or readable, when <paramref name="readOnly"/>;
    /// "ordinary" additionally excludes what i915's PROBE rejects.
    /// Nothing is faulted in (like PROBE, it does not populate the pages). Asks the kernel for just the mappings
    /// that cover the range, one PROCMAP_QUERY ioctl each, where the kernel has it (Linux 6.11+); elsewhere walks
    /// the text of /proc/self/maps, which costs tens of microseconds in a process with a few hundred mappings.
    /// </summary>
    public static Mapping Inspect(ulong start, ulong length, bool readOnly)
    {
        t_inspections++;
        return TryInspectWithQuery(start, length, readOnly, out Mapping mapping) ? mapping : InspectMapsText(start, length, readOnly);
    }

    /// <summary>
    /// The <see cref="Inspect"/> calls this thread made (tests count them: an import without PROBE of memory that
    /// can be pinned makes none). Per thread, as <see cref="t_forkAdviceCalls"/>.
    /// </summary>
    [ThreadStatic]
    internal static int t_inspections;

    /// <summary><see cref="Inspect"/> by PROCMAP_QUERY only: false when the kernel does not support it.</summary>
    internal static bool TryInspectWithQuery(ulong start, ulong length, bool readOnly, out Mapping mapping)
    {
        mapping = Mapping.NotMapped;
        if (s_queryUnsupported) return false;
        int fd = MapsDescriptor();
        if (fd < 0) return false;
        if (TryQuery(fd, start, length, readOnly, out mapping)) return true;
        s_queryUnsupported = true;
        return false;
    }

    /// <summary>The /proc/self/maps descriptor for PROCMAP_QUERY, or a negative value when there is none.</summary>
    private static int MapsDescriptor()
    {
        int fd = Volatile.Read(ref s_mapsFd);
        if (fd != -1) return fd;
        int opened = LibC.Open("/proc/self/maps", ORdonly | OCloexec);
        if (opened < 0) return -1; // try again next time
        int raced = Interlocked.CompareExchange(ref s_mapsFd, opened, -1);
        if (raced == -1) return opened;
        LibC.Close(opened);
        return raced;
    }

    /// <summary>
    /// The PROCMAP_QUERY walk: the mapping covering the cursor, then the one covering its end, until the range is
    /// covered. False when the kernel does not support the ioctl (and the caller should walk the text instead).
    /// </summary>
    private static bool TryQuery(int fd, ulong start, ulong length, bool readOnly, out Mapping mapping)
    {
        const int NameCapacity = 4096; // PATH_MAX
        byte* name = stackalloc byte[NameCapacity];
        ulong end = start + length; // callers have ruled out wrapping
        ulong cursor = start;
        var found = Mapping.Ordinary; // the worst seen so far: a hole outranks an inaccessible page, which outranks the rest
        while (true)
        {
            var query = new ProcmapQuery
            {
                Size = (ulong)sizeof(ProcmapQuery),
                QueryAddr = cursor,
                VmaNameSize = NameCapacity,
                VmaNameAddr = (ulong)name,
            };
            if (LibC.Ioctl(fd, ProcmapQueryRequest, &query) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Enoent)
                {
                    mapping = Mapping.NotMapped; // no mapping covers the cursor: a hole
                    return true;
                }
                if (errno == 36) // ENAMETOOLONG: a path longer than PATH_MAX, so no device file; ask without it
                {
                    query = new ProcmapQuery { Size = (ulong)sizeof(ProcmapQuery), QueryAddr = cursor };
                    if (LibC.Ioctl(fd, ProcmapQueryRequest, &query) != 0) return Unsupported(out mapping);
                }
                else
                {
                    return Unsupported(out mapping); // ENOTTY before Linux 6.11, or anything unexpected
                }
            }
            if (query.VmaStart > cursor) return Unsupported(out mapping); // not a covering mapping: do not trust it
            // PROT_NONE too: the engine could not touch it (and mlock refuses it), so it is EFAULT with or
            // without PROBE. The walk goes on: a later hole still makes the range NotMapped.
            // Write access needs only PROT_WRITE (as get_user_pages with FOLL_WRITE); read access needs PROT_READ.
            if ((query.VmaFlags & (readOnly ? VmaReadable : VmaWritable)) == 0)
            {
                found = Mapping.NotAccessible;
            }
            else if (found == Mapping.Ordinary)
            {
                // vma_name_size counts the terminating NUL; 0 for anonymous memory without a name.
                int nameLength = query.VmaNameSize > 0 ? (int)query.VmaNameSize - 1 : 0;
                if (!IsOrdinary(new ReadOnlySpan<byte>(name, Math.Min(nameLength, NameCapacity)))) found = Mapping.NotOrdinary;
            }
            cursor = query.VmaEnd;
            if (cursor >= end)
            {
                mapping = found;
                return true;
            }
        }

        static bool Unsupported(out Mapping mapping)
        {
            mapping = Mapping.NotMapped;
            return false;
        }
    }

    private const ulong VmaShared = 0x08;

    /// <summary>
    /// True when every page of [start, start + length) lies in private anonymous memory of this process that is
    /// writable (<paramref name="write"/>) or readable: memory the CPU can copy to or from directly without a fault
    /// it could not take (no file behind it to be truncated into SIGBUS, no device, not the vDSO). One
    /// PROCMAP_QUERY per mapping covering the range; false when the kernel lacks it (callers then take the
    /// checked copy). Callers have ruled out wrapping.
    /// </summary>
    public static bool IsPrivateAnonymous(ulong start, ulong length, bool write)
    {
        if (s_queryUnsupported) return false;
        int fd = MapsDescriptor();
        if (fd < 0) return false;
        const int NameCapacity = 128; // [heap], [stack], [anon:name] (at most 80 characters); longer names are files
        byte* name = stackalloc byte[NameCapacity];
        ulong end = start + length;
        ulong cursor = start;
        while (cursor < end)
        {
            var query = new ProcmapQuery
            {
                Size = (ulong)sizeof(ProcmapQuery),
                QueryAddr = cursor,
                VmaNameSize = NameCapacity,
                VmaNameAddr = (ulong)name,
            };
            if (LibC.Ioctl(fd, ProcmapQueryRequest, &query) != 0 || query.VmaStart > cursor) return false;
            if ((query.VmaFlags & (write ? VmaWritable : VmaReadable)) == 0 || (query.VmaFlags & VmaShared) != 0) return false;
            if (query.Inode != 0 || query.DevMajor != 0 || query.DevMinor != 0) return false;
            if (query.VmaNameSize > 1 && new ReadOnlySpan<byte>(name, 2).SequenceEqual("[v"u8)) return false; // vvar, vdso
            cursor = query.VmaEnd;
        }
        return true;
    }

    /// <summary>Walks the text of /proc/self/maps over [start, start + length) (see <see cref="Inspect"/>).</summary>
    internal static Mapping InspectMapsText(ulong start, ulong length, bool readOnly, string mapsPath = "/proc/self/maps")
    {
        ulong end = start + length; // callers have ruled out wrapping
        ulong cursor = start;
        var found = Mapping.Ordinary; // the worst seen so far, as in TryQuery
        foreach (var line in File.ReadLines(mapsPath))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash < 0 || space < dash) continue;
            ulong lo = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong hi = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (hi <= cursor) continue;
            if (lo > cursor) return Mapping.NotMapped; // a hole
            string perms = line.Substring(space + 1, 4);
            // PROT_NONE too (see TryQuery); the walk goes on, since a later hole still makes the range NotMapped.
            if (readOnly ? perms[0] != 'r' : perms[1] != 'w') found = Mapping.NotAccessible;
            else if (found == Mapping.Ordinary && !IsOrdinary(PathOf(line))) found = Mapping.NotOrdinary;
            cursor = hi;
            if (cursor >= end) return found;
        }
        return Mapping.NotMapped;
    }

    /// <summary>
    /// Whether a mapping's path names ordinary memory. Device files, the vdso/vvar and the device's own arenas
    /// are not; shared anonymous memory is (the kernel backs it with shmem named "/dev/zero (deleted)", as it
    /// does a MAP_SHARED /dev/zero mapping; a MAP_PRIVATE one is anonymous memory), and so is POSIX shared memory
    /// under /dev/shm.
    /// </summary>
    private static bool IsOrdinary(string path)
    {
        if (path.StartsWith("[v", StringComparison.Ordinal) || path.Contains("abikit-arena", StringComparison.Ordinal)) return false;
        if (DeviceNodePaths.IsServedNode(path)) return false; // a caller's mapping of a served node: another object
        if (!path.StartsWith("/dev/", StringComparison.Ordinal)) return true;
        return path is "/dev/zero" or "/dev/zero (deleted)" || path.StartsWith("/dev/shm/", StringComparison.Ordinal);
    }

    /// <summary><see cref="IsOrdinary(string)"/> for a name PROCMAP_QUERY returned (UTF-8, no NUL).</summary>
    private static bool IsOrdinary(ReadOnlySpan<byte> path)
    {
        if (path.StartsWith("[v"u8) || path.IndexOf("abikit-arena"u8) >= 0) return false;
        if (!path.StartsWith("/dev/"u8)) return true;
        return path.SequenceEqual("/dev/zero"u8) || path.SequenceEqual("/dev/zero (deleted)"u8) || path.StartsWith("/dev/shm/"u8);
    }

    private static string PathOf(string mapsLine)
    {
        // address perms offset dev inode [path]
        int fields = 0;
        int i = 0;
        while (i < mapsLine.Length && fields < 5)
        {
            while (i < mapsLine.Length && mapsLine[i] != ' ') i++;
            while (i < mapsLine.Length && mapsLine[i] == ' ') i++;
            fields++;
        }
        return i < mapsLine.Length ? mapsLine.Substring(i) : "";
    }

    /// <summary>True when every page of the range is still mapped (mincore's ENOMEM says otherwise).</summary>
    public static bool IsMapped(ulong start, ulong length)
    {
        ulong pages = (length + (ulong)Environment.SystemPageSize - 1) / (ulong)Environment.SystemPageSize;
        // Probe in chunks of 256 pages: only the return value matters, not the residency vector.
        Span<byte> vector = stackalloc byte[256];
        for (ulong page = 0; page < pages; page += 256)
        {
            ulong count = Math.Min(256UL, pages - page);
            fixed (byte* v = vector)
            {
                if (LibC.Mincore((void*)(start + page * (ulong)Environment.SystemPageSize), (nuint)(count * (ulong)Environment.SystemPageSize), v) != 0) return false;
            }
        }
        return true;
    }

    /// <summary>Locks the pages in memory (the pin): false when the kernel refuses (RLIMIT_MEMLOCK, memory).</summary>
    public static bool Lock(ulong start, ulong length) => LibC.Mlock((void*)start, (nuint)length) == 0;

    /// <summary>Unlocks the pages.</summary>
    public static void Unlock(ulong start, ulong length) => LibC.Munlock((void*)start, (nuint)length);

    /// <summary>
    /// Keeps fork(2) from copy-on-writing pinned pages away from the device. Private anonymous memory is marked
    /// MADV_WIPEONFORK: a child gets zero-filled pages of its own there and can use them, while the parent's
    /// pages stay the device's. Other mappings are marked MADV_DONTFORK: a child does not get the range at all.
    /// Returns which advice took, to undo it later.
    /// </summary>
    public static int ProtectFromFork(ulong start, ulong length)
    {
        if (Madvise(start, length, MadvWipeonfork)) return MadvWipeonfork;
        return Madvise(start, length, MadvDontfork) ? MadvDontfork : 0;
    }

    /// <summary>Undoes <see cref="ProtectFromFork"/> (best effort: the range may be gone, which is the caller's bug).</summary>
    public static void UnprotectFromFork(ulong start, ulong length, int advice)
    {
        if (advice == MadvWipeonfork) Madvise(start, length, MadvKeeponfork);
        else if (advice == MadvDontfork) Madvise(start, length, MadvDofork);
    }

    /// <summary>
    /// The fork-advice madvise calls this thread made (tests count them: USERPTR and CLOSE make none until the
    /// process forks). Per thread, so tests running in parallel do not disturb each other's count.
    /// </summary>
    [ThreadStatic]
    internal static int t_forkAdviceCalls;

    private static bool Madvise(ulong start, ulong length, int advice)
    {
        t_forkAdviceCalls++;
        return LibC.Madvise((void*)start, (nuint)length, advice) == 0;
    }

    /// <summary>The process's RLIMIT_MEMLOCK soft limit, or null when unlimited.</summary>
    public static ulong? MemlockLimit()
    {
        ulong* limits = stackalloc ulong[2];
        if (LibC.Getrlimit(RlimitMemlock, limits) != 0) return null;
        return limits[0] == ulong.MaxValue ? null : limits[0];
    }
}
