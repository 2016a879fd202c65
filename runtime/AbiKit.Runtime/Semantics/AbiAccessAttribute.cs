using AbiKit.Model;

namespace AbiKit.Runtime.Semantics;

/// <summary>
/// Marks a flag the spec tags with a CPU-access direction (<c>"access": "read" | "write" | "readwrite"</c>): passed
/// to a begin-CPU-access call, it asks for that direction. The generator puts it on such flag members; the AbiKit
/// analyzers read the direction of a window from it (ABI002), never from the flag's name.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class AbiAccessAttribute : Attribute
{
    /// <summary>Declares <paramref name="access"/>.</summary>
    public AbiAccessAttribute(CpuAccess access) => Access = access;

    /// <summary>The direction the flag asks for.</summary>
    public CpuAccess Access { get; }
}
