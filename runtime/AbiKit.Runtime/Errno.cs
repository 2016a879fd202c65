namespace AbiKit.Runtime;

/// <summary>
/// Linux errno values (asm-generic/errno-base.h and errno.h) as ioctls return them. Results cross the ioctl
/// boundary as values of this type, never as exceptions.
/// </summary>
public enum Errno
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory (DRM: unknown handle in a lookup).</summary>
    ENOENT = 2,
    /// <summary>Interrupted system call.</summary>
    EINTR = 4,
    /// <summary>I/O error.</summary>
    EIO = 5,
    /// <summary>Argument list too long (i915: object too big).</summary>
    E2BIG = 7,
    /// <summary>Bad file descriptor.</summary>
    EBADF = 9,
    /// <summary>Try again.</summary>
    EAGAIN = 11,
    /// <summary>Out of memory (also: over a pinning limit).</summary>
    ENOMEM = 12,
    /// <summary>Permission denied (DRM permission flags).</summary>
    EACCES = 13,
    /// <summary>Bad address.</summary>
    EFAULT = 14,
    /// <summary>Device or resource busy.</summary>
    EBUSY = 16,
    /// <summary>File exists.</summary>
    EEXIST = 17,
    /// <summary>No such device.</summary>
    ENODEV = 19,
    /// <summary>Invalid argument.</summary>
    EINVAL = 22,
    /// <summary>Too many open files.</summary>
    EMFILE = 24,
    /// <summary>Inappropriate ioctl for device.</summary>
    ENOTTY = 25,
    /// <summary>No space left on device.</summary>
    ENOSPC = 28,
    /// <summary>Result out of range.</summary>
    ERANGE = 34,
    /// <summary>Timer expired (i915 GEM_WAIT).</summary>
    ETIME = 62,
    /// <summary>Value too large for defined data type.</summary>
    EOVERFLOW = 75,
    /// <summary>Operation not supported.</summary>
    EOPNOTSUPP = 95,
    /// <summary>Connection timed out.</summary>
    ETIMEDOUT = 110,
}

/// <summary>Helpers for <see cref="Errno"/> results.</summary>
public static class ErrnoExtensions
{
    /// <summary>Throws <see cref="IoctlException"/> unless <paramref name="errno"/> is <see cref="Errno.Ok"/>.
    /// For callers that prefer exceptions above the ioctl boundary.</summary>
    public static void ThrowIfFailed(this Errno errno, uint request = 0)
    {
        if (errno != Errno.Ok) throw new IoctlException(errno, request);
    }
}

/// <summary>An ioctl failed; thrown only by callers that ask for it (<see cref="ErrnoExtensions.ThrowIfFailed"/>).</summary>
public sealed class IoctlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IoctlException(Errno errno, uint request)
        : base(request == 0 ? $"ioctl failed: {errno}" : $"ioctl 0x{request:X8} failed: {errno}")
    {
        Errno = errno;
        Request = request;
    }

    /// <summary>The errno.</summary>
    public Errno Errno { get; }

    /// <summary>The request code, or 0 when unknown.</summary>
    public uint Request { get; }
}
