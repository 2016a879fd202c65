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
}

/// <summary>Typed helpers over <see cref="IIoctlChannel"/>.</summary>
public static class IoctlChannelExtensions
{
    /// <summary>Sends <paramref name="request"/> with <paramref name="argument"/> as its argument bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Errno Ioctl<T>(this IIoctlChannel channel, uint request, ref T argument) where T : unmanaged
        => channel.Ioctl(request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref argument, 1)));
}
