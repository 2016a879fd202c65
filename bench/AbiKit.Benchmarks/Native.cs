using System.Runtime.InteropServices;
using AbiKit.Runtime;

namespace AbiKit.Benchmarks;

/// <summary>
/// The libc calls the baselines need: pipe2(2) for a descriptor to send FIONREAD to, memfd_create(2),
/// ftruncate(2) and close(2) for the one-memfd-per-object design, and mlock(2), munlock(2) and madvise(2) for
/// the cost of pinning. Declared here so the benchmarks do not depend on the runtime's internal bindings.
/// </summary>
public static unsafe partial class Native
{
    /// <summary>O_CLOEXEC (and MFD_CLOEXEC, which has a different value).</summary>
    public const int O_CLOEXEC = 0x80000;

    /// <summary>MFD_CLOEXEC.</summary>
    public const uint MFD_CLOEXEC = 0x1;

    /// <summary>FIONREAD (TIOCINQ on x86_64 and arm64): bytes readable from a pipe, as an int.</summary>
    public const uint FIONREAD = 0x541B;

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true)]
    private static partial int MemfdCreate(byte* name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFd(int fd);

    [LibraryImport("libc", EntryPoint = "mlock", SetLastError = true)]
    private static partial int MlockRaw(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "munlock", SetLastError = true)]
    private static partial int MunlockRaw(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int MadviseRaw(nint address, nuint length, int advice);

    /// <summary>MADV_WIPEONFORK: a forked child gets zero-filled pages here (what USERPTR sets on private memory).</summary>
    public const int MADV_WIPEONFORK = 18;

    /// <summary>MADV_KEEPONFORK: undoes <see cref="MADV_WIPEONFORK"/>.</summary>
    public const int MADV_KEEPONFORK = 19;

    /// <summary>madvise(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Madvise(ulong address, ulong length, int advice)
        => MadviseRaw((nint)address, (nuint)length, advice) == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();

    /// <summary>mlock(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Mlock(ulong address, ulong length)
        => MlockRaw((nint)address, (nuint)length) == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();

    /// <summary>munlock(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Munlock(ulong address, ulong length)
        => MunlockRaw((nint)address, (nuint)length) == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();

    /// <summary>pipe2(O_CLOEXEC): returns the read and write ends.</summary>
    /// <exception cref="IOException">pipe2 failed.</exception>
    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (Pipe2(fds, O_CLOEXEC) != 0) throw new IOException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        return (fds[0], fds[1]);
    }

    /// <summary>memfd_create(MFD_CLOEXEC) named "abikit-bench": the descriptor, or -1 with <paramref name="errno"/>.</summary>
    public static int MemfdCreate(out Errno errno)
    {
        fixed (byte* name = "abikit-bench\0"u8)
        {
            int fd = MemfdCreate(name, MFD_CLOEXEC);
            errno = fd < 0 ? (Errno)Marshal.GetLastPInvokeError() : Errno.Ok;
            return fd;
        }
    }

    /// <summary>ftruncate(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Truncate(int fd, long length)
        => Ftruncate(fd, length) == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();

    /// <summary>close(2): <see cref="Errno.Ok"/> or its errno. The descriptor is released either way on Linux.</summary>
    public static Errno Close(int fd)
        => CloseFd(fd) == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillRaw(int pid, int signal);

    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    public static Errno Kill(int pid, int signal) => KillRaw(pid, signal) == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();
}
