using AbiKit.Model;

namespace AbiKit.Runtime.Checked;

/// <summary>Reads one field of an ioctl's argument (the kernel copy), as the generated struct lays it out.</summary>
public delegate ulong FieldReader(ReadOnlySpan<byte> argument);

/// <summary>
/// One of the spec's semantic effects of an ioctl, as checked mode applies it: which effect, on the object which
/// field names, in which CPU-access direction, and under which condition. The generator emits it from the
/// model's <see cref="AbiSemantic"/> (field names become readers of the generated struct, flag names masks).
/// </summary>
/// <param name="Effect">What the ioctl does.</param>
public sealed record SemanticUse(SemanticEffect Effect)
{
    /// <summary>Reads the object's handle (an out field for creating effects); null when the open file itself is the object.</summary>
    public FieldReader? Object { get; init; }

    /// <summary>Reads the flags field whose <see cref="ReadMask"/> and <see cref="WriteMask"/> bits give the CPU-access direction.</summary>
    public FieldReader? Access { get; init; }

    /// <summary>Bits of <see cref="Access"/> that ask for read access (the spec's flags tagged <c>"access": "read"</c>).</summary>
    public ulong ReadMask { get; init; }

    /// <summary>Bits of <see cref="Access"/> that ask for write access.</summary>
    public ulong WriteMask { get; init; }

    /// <summary>Reads a field that, when non-zero, asks for read access.</summary>
    public FieldReader? ReadAccess { get; init; }

    /// <summary>Reads a field that, when non-zero, asks for write access.</summary>
    public FieldReader? WriteAccess { get; init; }

    /// <summary>Reads the flags field the effect is conditional on; null when it always applies.</summary>
    public FieldReader? When { get; init; }

    /// <summary>The flag of <see cref="When"/> that decides.</summary>
    public ulong WhenMask { get; init; }

    /// <summary>The effect applies when the flag is set (true) or clear (false).</summary>
    public bool WhenSet { get; init; }

    /// <summary>Whether the effect applies to <paramref name="argument"/>.</summary>
    public bool AppliesTo(ReadOnlySpan<byte> argument) => When is null || ((When(argument) & WhenMask) != 0) == WhenSet;

    /// <summary>The CPU-access direction <paramref name="argument"/> asks for (None when the spec gives no direction).</summary>
    public CpuAccess DirectionOf(ReadOnlySpan<byte> argument)
    {
        var access = CpuAccess.None;
        if (Access is not null)
        {
            ulong flags = Access(argument);
            if ((flags & ReadMask) != 0) access |= CpuAccess.Read;
            if ((flags & WriteMask) != 0) access |= CpuAccess.Write;
        }
        if (ReadAccess is not null && ReadAccess(argument) != 0) access |= CpuAccess.Read;
        if (WriteAccess is not null && WriteAccess(argument) != 0) access |= CpuAccess.Write;
        return access;
    }
}

/// <summary>
/// What one ioctl does to the objects it names, from the spec: its semantic effects and every handle it takes
/// in (the argument's input fields of a handle type). Dispatch entries carry it; checked mode reads it, so it
/// works for any family whose spec declares semantics, with no request names of its own.
/// </summary>
/// <param name="Effects">The spec's effects, in its order.</param>
/// <param name="Handles">Readers of the handles the ioctl takes in (excluding the handles creating effects give out).</param>
public sealed record IoctlSemantics(SemanticUse[] Effects, FieldReader[] Handles);
