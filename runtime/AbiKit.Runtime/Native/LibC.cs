using System.Runtime.InteropServices;

namespace AbiKit.Runtime.Native;

/// <summary>
/// Every libc entry point AbiKit binds, in one place (each function once), with source-generated marshalling:
/// what <see cref="Channels.DeviceFdChannel"/> needs, and (visible to them) the reference device's memfds,
/// mappings, user-memory copies and pins, the device node's /dev/fuse and mount, and the benchmarks' baselines. Linux only; flag values are the asm-generic ones (x86_64,
/// arm64, i386, arm, riscv).
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    /// <summary>open(2) flag: read only.</summary>
    internal const int O_RDONLY = 0x0;

    /// <summary>open(2) flag: read and write.</summary>
    internal const int O_RDWR = 0x2;

    /// <summary>open(2) flag: never become the controlling terminal (octal 0400).</summary>
    internal const int O_NOCTTY = 0x100;

    /// <summary>open(2) flag: close on exec (octal 02000000).</summary>
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>
    /// <c>int open(const char *path, int flags, ...)</c>. Bound without the variadic mode argument, which is
    /// read only with O_CREAT or O_TMPFILE; on the supported ABIs a variadic callee takes its fixed integer
    /// arguments in the same registers as a non-variadic one.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    /// <summary><c>int close(int fd)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>
    /// <c>int ioctl(int fd, unsigned long request, ...)</c>, with the one pointer argument every ioctl takes.
    /// <paramref name="request"/> is <c>unsigned long</c> in glibc's prototype, hence <see cref="nuint"/>
    /// (zero-extended, so codes with the direction's top bit set stay positive).
    /// </summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, nuint request, void* argument);

    // ---- the reference device: memory (memfd arenas, mappings) ----

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

    [LibraryImport(Library, EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int Mprotect(void* addr, nuint length, int prot);

    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    internal static partial int Fallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(void* addr, nuint length, int advice);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    internal static partial long Lseek(int fd, long offset, int whence);

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

    // ---- the reference device: user memory (copies, USERPTR pins, /proc/self/maps queries) ----

    /// <summary>One buffer of a readv-style vector.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [LibraryImport(Library, EntryPoint = "process_vm_readv", SetLastError = true)]
    internal static partial nint ProcessVmReadv(int pid, IoVec* local, nuint localCount, IoVec* remote, nuint remoteCount, nuint flags);

    [LibraryImport(Library, EntryPoint = "process_vm_writev", SetLastError = true)]
    internal static partial nint ProcessVmWritev(int pid, IoVec* local, nuint localCount, IoVec* remote, nuint remoteCount, nuint flags);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint Pread(int fd, void* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "mlock", SetLastError = true)]
    internal static partial int Mlock(void* address, nuint length);

    [LibraryImport(Library, EntryPoint = "munlock", SetLastError = true)]
    internal static partial int Munlock(void* address, nuint length);

    [LibraryImport(Library, EntryPoint = "mincore", SetLastError = true)]
    internal static partial int Mincore(void* address, nuint length, byte* vector);

    [LibraryImport(Library, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int Getrlimit(int resource, ulong* limits);

    // Real files to send ioctls to, for the tests (pipes, pseudo-terminals): bound here too, so that libc is
    // declared in one place.

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenpt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int Grantpt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int Unlockpt(int fd);

    /// <summary>ptsname_r(3): the thread-safe ptsname; returns the error number.</summary>
    [LibraryImport(Library, EntryPoint = "ptsname_r")]
    internal static partial int PtsnameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport(Library, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Umount2(string target, int flags);

    // ---- the device node (AbiKit.DeviceNode): /dev/fuse, mounted with mount(2) ----

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mount(string source, string target, string fstype, ulong flags, string? data);

    [LibraryImport(Library, EntryPoint = "geteuid")]
    internal static partial uint Geteuid();

    [LibraryImport(Library, EntryPoint = "getegid")]
    internal static partial uint Getegid();
}
