using AbiKit.Model;

namespace AbiKit.Runtime.Semantics;

/// <summary>
/// What a method does to the buffer object it names: one <see cref="AbiSemantic"/> of the spec, whole (every
/// field of the model's record is a property here, under the same name). Generated clients carry it; hand-written
/// APIs may too. The AbiKit analyzers key off this attribute, never off names.
/// </summary>
/// <remarks>
/// On generated clients, field and flag names are those of the generated C# members the spec's names became (the
/// argument struct's <c>Flags</c> for the spec's <c>flags</c>, the flag enum's <c>End</c> for
/// <c>DMA_BUF_SYNC_END</c>), so the analyzers resolve them to symbols without a naming rule. A hand-written API
/// may name a parameter instead of a struct field.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class AbiSemanticAttribute : Attribute
{
    /// <summary>Declares <paramref name="effect"/>.</summary>
    public AbiSemanticAttribute(SemanticEffect effect) => Effect = effect;

    /// <summary>The effect.</summary>
    public SemanticEffect Effect { get; }

    /// <summary>The argument field naming the object; empty when the channel's file itself is the object.</summary>
    public string Object { get; init; } = "";

    /// <summary>The flags field whose bits give the CPU-access direction, if any.</summary>
    public string Access { get; init; } = "";

    /// <summary>The field that, when non-zero, asks for read access, if any.</summary>
    public string ReadAccess { get; init; } = "";

    /// <summary>The field that, when non-zero, asks for write access, if any.</summary>
    public string WriteAccess { get; init; } = "";

    /// <summary>The effect applies only when this flags field (or parameter) …</summary>
    public string WhenField { get; init; } = "";

    /// <summary>… has this flag …</summary>
    public string WhenFlag { get; init; } = "";

    /// <summary>… set (true) or clear (false). Ignored when <see cref="WhenField"/> is empty.</summary>
    public bool WhenSet { get; init; }

    /// <summary>For imports of user memory: the pointer field.</summary>
    public string Pointer { get; init; } = "";

    /// <summary>For imports of user memory: the size field.</summary>
    public string Size { get; init; } = "";

    /// <summary>For imports of user memory: the flag that makes the import read-only.</summary>
    public string ReadOnlyFlag { get; init; } = "";

    /// <summary>CPU-access direction fixed by the method itself (for typed wrappers such as BeginCpuAccess(read)).</summary>
    public CpuAccess Direction { get; init; }
}
