using System.Runtime.InteropServices;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Native;

namespace AbiKit.Runtime.Tests.Native;

/// <summary>Flags and errors of the libc calls (bound in <see cref="LibC"/>) the tests make real files with: pipes and pseudo-terminals.</summary>
internal static class TestLibC
{
    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_CLOEXEC = 0x80000;

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
        if (LibC.Pipe2(fds, TestLibC.O_CLOEXEC) != 0) throw TestLibC.Failure("pipe2");
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
            nint written = LibC.Write(_writeFd, p, (nuint)bytes.Length);
            if (written != bytes.Length) throw TestLibC.Failure("write");
        }
    }

    public void Dispose()
    {
        ReadEnd.Dispose();
        if (_writeFd >= 0) LibC.Close(_writeFd);
        _writeFd = -1;
    }
}

/// <summary>A pseudo-terminal: the master (posix_openpt) as a channel, and the path of its slave.</summary>
internal sealed unsafe class TestPty : IDisposable
{
    public TestPty()
    {
        int fd = LibC.PosixOpenpt(TestLibC.O_RDWR | TestLibC.O_NOCTTY | TestLibC.O_CLOEXEC);
        if (fd < 0) throw TestLibC.Failure("posix_openpt");
        Master = DeviceFdChannel.FromFileDescriptor(fd, ownsHandle: true);
        try
        {
            if (LibC.Grantpt(fd) != 0) throw TestLibC.Failure("grantpt");
            if (LibC.Unlockpt(fd) != 0) throw TestLibC.Failure("unlockpt");
            byte* name = stackalloc byte[256];
            int error = LibC.PtsnameR(fd, name, 256);
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
