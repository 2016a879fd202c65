using System.Runtime.InteropServices;

namespace AbiKit.Runtime.Native;

/// <summary>
/// The few libc entry points <see cref="Channels.DeviceFdChannel"/> needs, bound with source-generated
/// marshalling. Linux only; flag values are the asm-generic ones (x86_64, arm64, i386, arm, riscv).
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
}
