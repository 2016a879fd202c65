namespace AbiKit.Runtime.Channels;

/// <summary>A channel whose objects can be mapped into the CPU's address space (mmap on a device file).</summary>
public interface IMappableChannel : IIoctlChannel
{
    /// <summary>Maps <paramref name="length"/> bytes at the fake <paramref name="offset"/> an MMAP_OFFSET-style ioctl returned.</summary>
    Errno Map(ulong offset, ulong length, out IMappedMemory? mapping);
}

/// <summary>A CPU mapping; disposing it unmaps.</summary>
public interface IMappedMemory : IDisposable
{
    /// <summary>Mapped bytes.</summary>
    ulong Length { get; }

    /// <summary>A span over part of the mapping. Only valid until the mapping is disposed.</summary>
    Span<byte> Span(ulong offset, int length);
}
