using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Runtime.Channels;

/// <summary>
/// A channel to a real device: an open file descriptor, sent requests with libc's ioctl(2). Interrupted and
/// EAGAIN calls are retried as libdrm's drmIoctl() retries them; any other failure is returned as its errno,
/// never thrown. The channel may be used from several threads; disposing it while a call is in flight
/// closes the descriptor when that call returns, and later calls return <see cref="Errno.EBADF"/>.
/// </summary>
public sealed class DeviceFdChannel : IIoctlChannel
{
    private static readonly Syscall<IoctlCall> IoctlSyscall = InvokeIoctl;

    private readonly SafeFileDescriptor _handle;

    private DeviceFdChannel(SafeFileDescriptor handle) => _handle = handle;

    /// <summary>
    /// The file descriptor (-1 is its only invalid value; 0 is a valid descriptor). Hold a reference with
    /// <see cref="SafeHandle.DangerousAddRef"/> while using its number.
    /// </summary>
    public SafeHandle Handle => _handle;

    /// <summary>
    /// Opens <paramref name="path"/> (a device node such as <c>/dev/dri/renderD128</c>) with open(2),
    /// <c>O_CLOEXEC | O_NOCTTY</c> and read-write or read-only access. An interrupted open is retried.
    /// </summary>
    /// <param name="path">The file to open.</param>
    /// <param name="readWrite"><c>O_RDWR</c> when true (the default), otherwise <c>O_RDONLY</c>.</param>
    /// <returns>A channel owning the new descriptor.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or contains a NUL character.</exception>
    /// <exception cref="DeviceOpenException">open(2) failed; the exception carries the errno and the path.</exception>
    public static DeviceFdChannel Open(string path, bool readWrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0')) throw new ArgumentException("The path contains a NUL character.", nameof(path));

        int flags = (readWrite ? LibC.O_RDWR : LibC.O_RDONLY) | LibC.O_CLOEXEC | LibC.O_NOCTTY;
        while (true)
        {
            int fd = LibC.Open(path, flags);
            if (fd >= 0) return new DeviceFdChannel(new SafeFileDescriptor(fd, ownsHandle: true));
            int errno = Marshal.GetLastPInvokeError();
            if (errno != (int)Errno.EINTR) throw new DeviceOpenException(path, (Errno)errno);
        }
    }

    /// <summary>
    /// A channel over a descriptor opened elsewhere (by another library, or inherited).
    /// </summary>
    /// <param name="fd">The descriptor; 0 is valid.</param>
    /// <param name="ownsHandle">Whether disposing the channel closes <paramref name="fd"/>. A borrowed descriptor
    /// must stay open until the channel is disposed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    public static DeviceFdChannel FromFileDescriptor(int fd, bool ownsHandle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return new DeviceFdChannel(new SafeFileDescriptor(fd, ownsHandle));
    }

    /// <summary>
    /// Calls ioctl(2) with <paramref name="argument"/> pinned and its address as the argument (a null address
    /// when it is empty, for <c>_IO</c> requests). The kernel reads and writes as many bytes as the request
    /// says, whatever the span's length: a buffer smaller than the request's argument is the caller's error.
    /// </summary>
    /// <returns><see cref="Errno.Ok"/> when ioctl(2) did not return -1, otherwise its errno;
    /// <see cref="Errno.EBADF"/> once the channel is disposed.</returns>
    public Errno Ioctl(uint request, Span<byte> argument) => IoctlWithResult(request, argument).Errno;

    /// <summary>As <see cref="Ioctl"/>, returning ioctl(2)'s non-negative return value on success (a new file descriptor).</summary>
    public unsafe IoctlResult IoctlWithResult(uint request, Span<byte> argument)
    {
        bool added = false;
        try
        {
            if (!TryAddRef(ref added)) return Errno.EBADF;
            fixed (byte* pointer = argument)
            {
                var call = new IoctlCall(_handle.Fd, request, pointer);
                return IoctlRetry.RunForResult(in call, IoctlSyscall);
            }
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    /// <summary>Releases the channel's reference to the descriptor; an owned descriptor is closed once no call uses it.</summary>
    public void Dispose() => _handle.Dispose();

    private bool TryAddRef(ref bool added)
    {
        if (_handle.IsClosed) return false;
        try
        {
            _handle.DangerousAddRef(ref added);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // disposed by another thread since the check
        }
    }

    private static unsafe int InvokeIoctl(in IoctlCall call, out int errno)
    {
        int result = LibC.Ioctl(call.Fd, call.Request, call.Argument);
        errno = result == -1 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    private readonly unsafe struct IoctlCall(int fd, nuint request, void* argument)
    {
        public readonly int Fd = fd;
        public readonly nuint Request = request;
        public readonly void* Argument = argument;
    }
}
