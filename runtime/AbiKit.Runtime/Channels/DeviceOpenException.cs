namespace AbiKit.Runtime.Channels;

/// <summary>
/// open(2) of a device failed. Opening is not an ioctl, so its failure is an exception rather than an
/// <see cref="Errno"/> result: a channel that could not be opened does not exist to return errnos from.
/// </summary>
public sealed class DeviceOpenException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path that was opened.</param>
    /// <param name="errno">The errno open(2) set.</param>
    public DeviceOpenException(string path, Errno errno)
        : base($"cannot open '{path}': {errno} ({(int)errno})")
    {
        Path = path;
        Errno = errno;
    }

    /// <summary>The path that was opened.</summary>
    public string Path { get; }

    /// <summary>The errno open(2) set (ENOENT, EACCES, ENODEV, ...).</summary>
    public Errno Errno { get; }
}
