using System.Runtime.InteropServices;
using AbiKit.Runtime.Channels;

namespace AbiKit.Runtime.Tests.Native;

/// <summary>libc calls the tests need to make real files to send ioctls to: pipes and pseudo-terminals.</summary>
internal static unsafe partial class TestLibC
{
    private const string Library = "libc";

    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_CLOEXEC = 0x80000;

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenpt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int Grantpt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int Unlockpt(int fd);

    /// <summary>ptsname_r(3): the thread-safe ptsname.</summary>
    [LibraryImport(Library, EntryPoint = "ptsname_r")]
    internal static partial int PtsnameR(int fd, byte* buffer, nuint length);

    internal static Exception Failure(string call)
        => new InvalidOperationException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
}

/// <summary>A pipe(2): the read end as a channel, the write end as a raw descriptor the test writes to.</summary>
internal sealed unsafe class TestPipe : IDisposable
{
    private int _writeFd;

    public TestPipe()
    {
        int* fds = stackalloc int[2];
        if (TestLibC.Pipe2(fds, TestLibC.O_CLOEXEC) != 0) throw TestLibC.Failure("pipe2");
        ReadFd = fds[0];
        _writeFd = fds[1];
        ReadEnd = DeviceFdChannel.FromFileDescriptor(ReadFd, ownsHandle: true);
    }

    /// <summary>The read end's descriptor (owned by <see cref="ReadEnd"/>).</summary>
    public int ReadFd { get; }

    public DeviceFdChannel ReadEnd { get; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            nint written = TestLibC.Write(_writeFd, p, (nuint)bytes.Length);
            if (written != bytes.Length) throw TestLibC.Failure("write");
        }
    }

    public void Dispose()
    {
        ReadEnd.Dispose();
        if (_writeFd >= 0) TestLibC.Close(_writeFd);
        _writeFd = -1;
    }
}

/// <summary>A pseudo-terminal: the master (posix_openpt) as a channel, and the path of its slave.</summary>
internal sealed unsafe class TestPty : IDisposable
{
    public TestPty()
    {
        int fd = TestLibC.PosixOpenpt(TestLibC.O_RDWR | TestLibC.O_NOCTTY | TestLibC.O_CLOEXEC);
        if (fd < 0) throw TestLibC.Failure("posix_openpt");
        Master = DeviceFdChannel.FromFileDescriptor(fd, ownsHandle: true);
        try
        {
            if (TestLibC.Grantpt(fd) != 0) throw TestLibC.Failure("grantpt");
            if (TestLibC.Unlockpt(fd) != 0) throw TestLibC.Failure("unlockpt");
            byte* name = stackalloc byte[256];
            int error = TestLibC.PtsnameR(fd, name, 256);
            if (error != 0) throw new InvalidOperationException($"ptsname_r failed: errno {error}");
            SlavePath = Marshal.PtrToStringUTF8((nint)name)!;
        }
        catch
        {
            Master.Dispose();
            throw;
        }
    }

    public DeviceFdChannel Master { get; }

    /// <summary>The slave's path, e.g. /dev/pts/3.</summary>
    public string SlavePath { get; }

    public void Dispose() => Master.Dispose();
}
