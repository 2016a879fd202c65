using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AbiKit.Model;

namespace AbiKit.Runtime.Tests.Dispatch;

/// <summary>Helpers that play the caller's side: request codes built like the _IOC macros, and argument buffers.</summary>
internal static class UserBuffer
{
    /// <summary>The fill byte used to show which caller bytes the dispatcher must not touch.</summary>
    public const byte Untouched = 0xAA;

    /// <summary>_IOC(dir, type, nr, size).</summary>
    public static uint Code(IoctlDirection direction, char type, byte nr, int size)
    {
        Assert.True(IoctlCode.TryEncode(direction, (byte)type, nr, size, out var code));
        return code.Value;
    }

    /// <summary><paramref name="code"/> with another direction (and optionally size), same type and nr.</summary>
    public static uint With(uint code, IoctlDirection direction, int? size = null)
    {
        var c = new IoctlCode(code);
        return Code(direction, (char)c.Type, c.Nr, size ?? c.Size);
    }

    /// <summary>
    /// A caller buffer of <paramref name="length"/> bytes (default: the struct's size) that starts with as much of
    /// <paramref name="value"/> as fits and is filled with <paramref name="fill"/> after it.
    /// </summary>
    public static byte[] Of<T>(T value, int length = -1, byte fill = Untouched) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1));
        var buffer = new byte[length < 0 ? bytes.Length : length];
        buffer.AsSpan().Fill(fill);
        bytes[..Math.Min(bytes.Length, buffer.Length)].CopyTo(buffer);
        return buffer;
    }

    /// <summary>Reads a <typeparamref name="T"/> from the start of <paramref name="buffer"/>.</summary>
    public static T Read<T>(byte[] buffer) where T : unmanaged
    {
        Assert.True(buffer.Length >= Unsafe.SizeOf<T>());
        return MemoryMarshal.Read<T>(buffer);
    }
}
