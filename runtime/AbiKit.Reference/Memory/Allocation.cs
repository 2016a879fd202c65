namespace AbiKit.Reference.Memory;

/// <summary>
/// A range of pages in a <see cref="BackingStore"/>: the arena (memfd) it lives in, its byte offset in that
/// arena and its length in bytes (a whole number of pages). Each allocation also carries an id unique in the
/// process, so a stale copy (the range was freed and handed out again) or an allocation from another store is
/// told apart from the live one; equality compares all four. <c>default</c> is <see cref="IsEmpty"/> and is never
/// returned by a successful allocation.
/// </summary>
public readonly struct Allocation : IEquatable<Allocation>
{
    internal Allocation(int arena, long offset, long length, long id)
    {
        Arena = arena;
        Offset = offset;
        Length = length;
        Id = id;
    }

    /// <summary>The index of the arena (memfd) holding the range.</summary>
    public int Arena { get; }

    /// <summary>The byte offset of the range in its arena (page-aligned).</summary>
    public long Offset { get; }

    /// <summary>The length in bytes (the requested size rounded up to whole pages).</summary>
    public long Length { get; }

    /// <summary>The process-unique id of this allocation (0 for <c>default</c>).</summary>
    public long Id { get; }

    /// <summary>True for <c>default(Allocation)</c>, which names no memory.</summary>
    public bool IsEmpty => Id == 0;

    /// <inheritdoc/>
    public bool Equals(Allocation other) =>
        Id == other.Id && Arena == other.Arena && Offset == other.Offset && Length == other.Length;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Allocation other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Arena, Offset, Length);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Allocation left, Allocation right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Allocation left, Allocation right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() =>
        IsEmpty ? "Allocation(empty)" : $"Allocation #{Id} (arena {Arena}, offset 0x{Offset:X}, {Length} bytes)";
}
