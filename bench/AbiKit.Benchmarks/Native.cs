using System.Runtime.InteropServices;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;

namespace AbiKit.Benchmarks;

/// <summary>
/// The libc calls the baselines need, as errno results: pipe2(2) for a descriptor to send FIONREAD to,
/// memfd_create(2), ftruncate(2) and close(2) for the one-memfd-per-object design, and mlock(2), munlock(2) and
/// madvise(2) for the cost of pinning. Bound once, in the runtime's <see cref="LibC"/>, as every libc function is.
/// </summary>
public static unsafe class Native
{
    /// <summary>O_CLOEXEC (and MFD_CLOEXEC, which has a different value).</summary>
    public const int O_CLOEXEC = LibC.O_CLOEXEC;

    /// <summary>MFD_CLOEXEC.</summary>
    public const uint MFD_CLOEXEC = LibC.MFD_CLOEXEC;

    /// <summary>FIONREAD (TIOCINQ on x86_64 and arm64): bytes readable from a pipe, as an int.</summary>
    public const uint FIONREAD = 0x541B;

    /// <summary>MADV_WIPEONFORK: a forked child gets zero-filled pages here (what USERPTR sets on private memory).</summary>
    public const int MADV_WIPEONFORK = 18;

    /// <summary>MADV_KEEPONFORK: undoes <see cref="MADV_WIPEONFORK"/>.</summary>
    public const int MADV_KEEPONFORK = 19;

    private static Errno Result(long returned) => returned == 0 ? Errno.Ok : (Errno)Marshal.GetLastPInvokeError();

    /// <summary>madvise(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Madvise(ulong address, ulong length, int advice) => Result(LibC.Madvise((void*)address, (nuint)length, advice));

    /// <summary>mlock(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Mlock(ulong address, ulong length) => Result(LibC.Mlock((void*)address, (nuint)length));

    /// <summary>munlock(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Munlock(ulong address, ulong length) => Result(LibC.Munlock((void*)address, (nuint)length));

    /// <summary>pipe2(O_CLOEXEC): returns the read and write ends.</summary>
    /// <exception cref="IOException">pipe2 failed.</exception>
    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (LibC.Pipe2(fds, O_CLOEXEC) != 0) throw new IOException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        return (fds[0], fds[1]);
    }

    /// <summary>memfd_create(MFD_CLOEXEC) named "abikit-bench": the descriptor, or -1 with <paramref name="errno"/>.</summary>
    public static int MemfdCreate(out Errno errno)
    {
        int fd = LibC.MemfdCreate("abikit-bench", MFD_CLOEXEC);
        errno = fd < 0 ? (Errno)Marshal.GetLastPInvokeError() : Errno.Ok;
        return fd;
    }

    /// <summary>ftruncate(2): <see cref="Errno.Ok"/> or its errno.</summary>
    public static Errno Truncate(int fd, long length) => Result(LibC.Ftruncate(fd, length));

    /// <summary>close(2): <see cref="Errno.Ok"/> or its errno. The descriptor is released either way on Linux.</summary>
    public static Errno Close(int fd) => Result(LibC.Close(fd));

    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    public static Errno Kill(int pid, int signal) => Result(LibC.Kill(pid, signal));
}
