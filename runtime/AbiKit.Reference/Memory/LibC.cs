using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: InternalsVisibleTo("AbiKit.Reference.Tests")]

namespace AbiKit.Reference.Memory;

/// <summary>
/// The few libc calls the backing store needs (Linux x86_64 / arm64 values). <c>"libc"</c> resolves to the C
/// library's soname on Linux. Every call sets the last system error, read with
/// <see cref="Marshal.GetLastSystemError"/>.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    /// <summary>memfd_create: close the descriptor on exec.</summary>
    internal const uint MFD_CLOEXEC = 0x0001;

    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;
    internal const int MAP_PRIVATE = 0x02;
    internal const int MAP_FIXED = 0x10;
    internal const int MAP_ANONYMOUS = 0x20;

    /// <summary>fallocate: do not change the file size.</summary>
    internal const int FALLOC_FL_KEEP_SIZE = 0x01;

    /// <summary>fallocate: deallocate the range (must be combined with KEEP_SIZE); it reads as zeros afterwards.</summary>
    internal const int FALLOC_FL_PUNCH_HOLE = 0x02;

    /// <summary>madvise: drop the pages from this mapping. For a shared shmem mapping the page-cache pages stay
    /// (the contents survive); only <see cref="MADV_REMOVE"/> or a punched hole frees them.</summary>
    internal const int MADV_DONTNEED = 4;

    /// <summary>madvise: free the range and its backing store (a hole punch through the mapping).</summary>
    internal const int MADV_REMOVE = 9;

    internal const int SEEK_DATA = 3;
    internal const int SEEK_HOLE = 4;

    internal const int _SC_PAGESIZE = 30;

    internal const int ENXIO = 6;
    internal const int EINTR = 4;

    /// <summary>mmap's failure value, <c>(void*)-1</c>.</summary>
    internal static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(Library, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MemfdCreate(string name, uint flags);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int Ftruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* Mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(void* addr, nuint length);

    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    internal static partial int Fallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(void* addr, nuint length, int advice);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    internal static partial long Lseek(int fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "sysconf", SetLastError = true)]
    internal static partial nint Sysconf(int name);

    /// <summary>The system page size (sysconf(_SC_PAGESIZE)), read once.</summary>
    internal static int PageSize => PageSizeHolder.Value;

    private static class PageSizeHolder
    {
        internal static readonly int Value = Read();

        private static int Read()
        {
            nint size = Sysconf(_SC_PAGESIZE);
            if (size <= 0 || (size & (size - 1)) != 0 || size > int.MaxValue)
                throw new PlatformNotSupportedException(
                    $"sysconf(_SC_PAGESIZE) returned {size} (errno {Marshal.GetLastSystemError()}); expected a power of two.");
            return (int)size;
        }
    }
}
