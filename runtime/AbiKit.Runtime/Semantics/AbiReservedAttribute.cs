namespace AbiKit.Runtime.Semantics;

/// <summary>
/// Marks a field of an argument struct the spec declares reserved (or explicit padding): it must be zero, and
/// the kernel (and the generated dispatcher) reject the request with EINVAL otherwise. The generator puts it
/// on such fields; hand-written structs may carry it too. The AbiKit analyzers report a non-zero constant
/// stored into a field carrying it (ABI007), never keying off the field's name.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class AbiReservedAttribute : Attribute
{
}
