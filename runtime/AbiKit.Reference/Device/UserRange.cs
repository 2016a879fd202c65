using System.Globalization;
using System.Runtime.InteropServices;

namespace AbiKit.Reference.Device;

/// <summary>What USERPTR needs to know about a range of the caller's address space, and to do to it.</summary>
internal static unsafe partial class UserRange
{
    private const int MadvDontfork = 10;
    private const int MadvDofork = 11;
    private const int MadvWipeonfork = 18;
    private const int MadvKeeponfork = 19;
    private const int RlimitMemlock = 8;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mlock(nint address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munlock(nint address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mincore(nint address, nuint length, byte* vector);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, ulong* limits);

    /// <summary>How a range is mapped, as USERPTR's checks need it.</summary>
    internal enum Mapping
    {
        /// <summary>Ordinary memory, writable (or readable, when read-only suffices).</summary>
        Ordinary,
        /// <summary>Some page is not mapped, or not accessible as needed (PROT_NONE; read-only unless read-only suffices).</summary>
        NotMapped,
        /// <summary>Mapped, but not ordinary memory: a device file, the kernel's pages, another object's mapping.</summary>
        NotOrdinary,
    }

    /// <summary>
    /// Walks /proc/self/maps over [start, start + length): every page must be mapped, readable, and writable
    /// unless <paramref name="readOnly"/>; "ordinary" additionally excludes what i915's PROBE rejects.
    /// Nothing is faulted in (like PROBE, it does not populate the pages).
    /// </summary>
    public static Mapping Inspect(ulong start, ulong length, bool readOnly)
    {
        ulong end = start + length; // callers have ruled out wrapping
        ulong cursor = start;
        bool ordinary = true;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash < 0 || space < dash) continue;
            ulong lo = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong hi = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (hi <= cursor) continue;
            if (lo > cursor) return Mapping.NotMapped; // a hole
            string perms = line.Substring(space + 1, 4);
            // PROT_NONE too: the engine could not touch it (and mlock refuses it), so it is EFAULT with or
            // without PROBE; and a later hole must not be reported as anything else.
            if (perms[0] != 'r' || (!readOnly && perms[1] != 'w')) return Mapping.NotMapped;
            if (!IsOrdinary(PathOf(line))) ordinary = false;
            cursor = hi;
            if (cursor >= end) return ordinary ? Mapping.Ordinary : Mapping.NotOrdinary;
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
        if (!path.StartsWith("/dev/", StringComparison.Ordinal)) return true;
        return path is "/dev/zero" or "/dev/zero (deleted)" || path.StartsWith("/dev/shm/", StringComparison.Ordinal);
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
                if (mincore((nint)(start + page * (ulong)Environment.SystemPageSize), (nuint)(count * (ulong)Environment.SystemPageSize), v) != 0) return false;
            }
        }
        return true;
    }

    /// <summary>Locks the pages in memory (the pin): false when the kernel refuses (RLIMIT_MEMLOCK, memory).</summary>
    public static bool Lock(ulong start, ulong length) => mlock((nint)start, (nuint)length) == 0;

    /// <summary>Unlocks the pages.</summary>
    public static void Unlock(ulong start, ulong length) => munlock((nint)start, (nuint)length);

    /// <summary>
    /// Keeps fork(2) from copy-on-writing pinned pages away from the device. Private anonymous memory is marked
    /// MADV_WIPEONFORK: a child gets zero-filled pages of its own there and can use them, while the parent's
    /// pages stay the device's. Other mappings are marked MADV_DONTFORK: a child does not get the range at all.
    /// Returns which advice took, to undo it later.
    /// </summary>
    public static int ProtectFromFork(ulong start, ulong length)
    {
        if (madvise((nint)start, (nuint)length, MadvWipeonfork) == 0) return MadvWipeonfork;
        return madvise((nint)start, (nuint)length, MadvDontfork) == 0 ? MadvDontfork : 0;
    }

    /// <summary>Undoes <see cref="ProtectFromFork"/> (best effort: the range may be gone, which is the caller's bug).</summary>
    public static void UnprotectFromFork(ulong start, ulong length, int advice)
    {
        if (advice == MadvWipeonfork) madvise((nint)start, (nuint)length, MadvKeeponfork);
        else if (advice == MadvDontfork) madvise((nint)start, (nuint)length, MadvDofork);
    }

    /// <summary>The process's RLIMIT_MEMLOCK soft limit, or null when unlimited.</summary>
    public static ulong? MemlockLimit()
    {
        ulong* limits = stackalloc ulong[2];
        if (getrlimit(RlimitMemlock, limits) != 0) return null;
        return limits[0] == ulong.MaxValue ? null : limits[0];
    }
}
