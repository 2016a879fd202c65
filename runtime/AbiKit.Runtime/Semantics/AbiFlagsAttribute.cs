namespace AbiKit.Runtime.Semantics;

/// <summary>
/// Marks a field of an argument struct that holds a flag set, with the bits the ABI version knows: the kernel
/// (and the generated dispatcher) reject any other bit with EINVAL. The generator puts it on flag-set fields
/// with the set's known-bits mask; hand-written structs may carry it too. The AbiKit analyzers report a
/// constant stored into such a field with bits outside <see cref="KnownBits"/> (ABI007).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class AbiFlagsAttribute : Attribute
{
    /// <summary>Declares the field's known bits.</summary>
    /// <param name="knownBits">The OR of every flag the ABI version defines (the C <c>*_MASK</c> macro).</param>
    public AbiFlagsAttribute(ulong knownBits) => KnownBits = knownBits;

    /// <summary>The OR of every flag the ABI version defines; any other bit is rejected.</summary>
    public ulong KnownBits { get; }
}
