using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Runtime.Channels;

/// <summary>
/// A Linux file descriptor as a <see cref="SafeHandle"/>. Only -1 is invalid: descriptor 0 is a valid file,
/// which is why this is not a <see cref="Microsoft.Win32.SafeHandles.SafeHandleZeroOrMinusOneIsInvalid"/>.
/// Releasing an owned descriptor calls close(2) once.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    private static readonly IntPtr Invalid = new(-1);

    /// <summary>Wraps <paramref name="fd"/>; closes it on release when <paramref name="ownsHandle"/>.</summary>
    internal SafeFileDescriptor(int fd, bool ownsHandle)
        : base(Invalid, ownsHandle)
    {
        SetHandle(new IntPtr(fd));
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == Invalid;

    /// <summary>The descriptor number. Callers hold a reference (DangerousAddRef) while they use it.</summary>
    internal int Fd => (int)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
        // Linux releases the descriptor even when close(2) fails (EINTR included), so it is never retried.
        => LibC.Close((int)handle) == 0;
}
