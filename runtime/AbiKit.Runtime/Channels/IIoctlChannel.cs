using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AbiKit.Runtime.Channels;

/// <summary>
/// Where generated clients send requests: the in-process dispatcher (a reference device) or a real device
/// file descriptor. The argument is the caller's buffer, read and written in place as the kernel would.
/// </summary>
public interface IIoctlChannel : IDisposable
{
    /// <summary>Sends <paramref name="request"/> with <paramref name="argument"/>; returns <see cref="Errno.Ok"/> or the errno.</summary>
    Errno Ioctl(uint request, Span<byte> argument);

    /// <summary>Sends <paramref name="request"/> and returns what the ioctl returns: a non-negative value on success
    /// (a new file descriptor for udmabuf's CREATE) or the errno. Channels that cannot carry a value return 0 on success.</summary>
    IoctlResult IoctlWithResult(uint request, Span<byte> argument) => Ioctl(request, argument);
}

/// <summary>Typed helpers over <see cref="IIoctlChannel"/>.</summary>
public static class IoctlChannelExtensions
{
    /// <summary>Sends <paramref name="request"/> with <paramref name="argument"/> as its argument bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Errno Ioctl<T>(this IIoctlChannel channel, uint request, ref T argument) where T : unmanaged
        => channel.Ioctl(request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref argument, 1)));

    /// <summary>Sends <paramref name="request"/> with <paramref name="argument"/> as its argument bytes and returns the ioctl's result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IoctlResult IoctlWithResult<T>(this IIoctlChannel channel, uint request, ref T argument) where T : unmanaged
        => channel.IoctlWithResult(request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref argument, 1)));
}
