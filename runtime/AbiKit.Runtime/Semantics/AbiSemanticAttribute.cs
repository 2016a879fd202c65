using AbiKit.Model;

namespace AbiKit.Runtime.Semantics;

/// <summary>
/// What a method does to the buffer object it names, derived from the spec's semantics vocabulary. Generated
/// clients carry it; hand-written APIs may too. The AbiKit analyzers key off this attribute, never off names.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class AbiSemanticAttribute : Attribute
{
    /// <summary>Declares <paramref name="effect"/>.</summary>
    public AbiSemanticAttribute(SemanticEffect effect) => Effect = effect;

    /// <summary>The effect.</summary>
    public SemanticEffect Effect { get; }

    /// <summary>The argument field (C name) naming the object; empty when the channel's file itself is the object.</summary>
    public string Object { get; init; } = "";

    /// <summary>The flags field whose bits give the CPU-access direction, if any.</summary>
    public string Access { get; init; } = "";

    /// <summary>CPU-access direction fixed by the method itself (for typed wrappers such as BeginCpuAccess(read)).</summary>
    public CpuAccess Direction { get; init; }
}
