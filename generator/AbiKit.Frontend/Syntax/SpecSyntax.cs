using System.Collections.Generic;
using System.Numerics;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Syntax
{
    // The spec as written, with positions: what the reader produces and the resolver consumes.
    // Mutable and internal to the front end; nothing downstream sees it (back ends get the AbiModel).

    /// <summary>A value with the position it was written at.</summary>
    public readonly record struct Located<T>(T Value, SourcePosition Position);

    /// <summary>Lint findings acknowledged on an element: id → reason.</summary>
    public sealed class AllowList
    {
        /// <summary>Acknowledged ids with their positions.</summary>
        public Dictionary<string, SourcePosition> Ids { get; } = new();
    }

    /// <summary>A whole spec file.</summary>
    public sealed partial class SpecSyntax
    {
        /// <summary>File path.</summary>
        public string Path { get; set; } = "";
        /// <summary>family; where it is missing, the start of the file, where its absence is reported (checks that
        /// locate a whole-spec name, such as the include guard, at the family must stay inside the file).</summary>
        public Located<string> Family { get; set; } = new("", SourcePosition.Start);
        /// <summary>doc.</summary>
        public string Doc { get; set; } = "";
        /// <summary>version.</summary>
        public Located<int> Version { get; set; } = new(1, SourcePosition.Start);
        /// <summary>license.</summary>
        public string License { get; set; } = "MIT";
        /// <summary>c.header.</summary>
        public string? CHeader { get; set; }
        /// <summary>c.guard.</summary>
        public string? CGuard { get; set; }
        /// <summary>csharp.namespace.</summary>
        public string? CsNamespace { get; set; }
        /// <summary>csharp.class.</summary>
        public string? CsClass { get; set; }
        /// <summary>csharp.stripPrefix.</summary>
        public string? CsStripPrefix { get; set; }
        /// <summary>imports.</summary>
        public List<Located<string>> Imports { get; } = new();
        /// <summary>ioctl.</summary>
        public IoctlFamilySyntax Ioctl { get; set; } = new();
        /// <summary>enums.</summary>
        public List<EnumSyntax> Enums { get; } = new();
        /// <summary>flags.</summary>
        public List<FlagSetSyntax> FlagSets { get; } = new();
        /// <summary>handles.</summary>
        public List<HandleSyntax> Handles { get; } = new();
        /// <summary>structs.</summary>
        public List<StructSyntax> Structs { get; } = new();
        /// <summary>ioctls.</summary>
        public List<IoctlSyntax> Ioctls { get; } = new();
        /// <summary>constants.</summary>
        public List<ValueSyntax> Constants { get; } = new();
        /// <summary>includes: other headers whose constants values may name.</summary>
        public List<IncludeSyntax> Includes { get; } = new();
    }

    /// <summary>An included header and the constants of it that the spec uses (<c>O_CLOEXEC</c> of &lt;fcntl.h&gt;).</summary>
    public sealed class IncludeSyntax
    {
        /// <summary>header: <c>&lt;fcntl.h&gt;</c> or <c>"local.h"</c>, as the #include writes it, without the brackets.</summary>
        public Located<string> Header { get; set; }
        /// <summary>True for a system header (written <c>&lt;fcntl.h&gt;</c>).</summary>
        public bool System { get; set; }
        /// <summary>constants: each with the value the spec expects (the generated header checks it).</summary>
        public List<ValueSyntax> Constants { get; } = new();
    }

    /// <summary>The ioctl numbering block.</summary>
    public sealed class IoctlFamilySyntax
    {
        /// <summary>Position of the block.</summary>
        public SourcePosition Position { get; set; }
        /// <summary>type.</summary>
        public Located<string> Type { get; set; }
        /// <summary>typeMacro.</summary>
        public string? TypeMacro { get; set; }
        /// <summary>definesTypeMacro.</summary>
        public bool DefinesTypeMacro { get; set; } = true;
        /// <summary>style.</summary>
        public Located<string> Style { get; set; }
        /// <summary>nrPrefix.</summary>
        public string? NrPrefix { get; set; }
        /// <summary>codePrefix.</summary>
        public string? CodePrefix { get; set; }
    }

    /// <summary>Common parts of named declarations.</summary>
    public abstract class DeclarationSyntax
    {
        /// <summary>name.</summary>
        public Located<string> Name { get; set; }
        /// <summary>csName.</summary>
        public string? CsName { get; set; }
        /// <summary>doc.</summary>
        public string Doc { get; set; } = "";
        /// <summary>allow.</summary>
        public AllowList Allow { get; } = new();
    }

    /// <summary>An enum.</summary>
    public sealed class EnumSyntax : DeclarationSyntax
    {
        /// <summary>type.</summary>
        public Located<string> Type { get; set; }
        /// <summary>values.</summary>
        public List<ValueSyntax> Values { get; } = new();
    }

    /// <summary>A flag set.</summary>
    public sealed class FlagSetSyntax : DeclarationSyntax
    {
        /// <summary>type.</summary>
        public Located<string> Type { get; set; }
        /// <summary>mask.</summary>
        public string? Mask { get; set; }
        /// <summary>"mask": false — the header defines no mask macro (as many real uapi headers do not).</summary>
        public bool NoMask { get; set; }
        /// <summary>flags.</summary>
        public List<ValueSyntax> Flags { get; } = new();
        /// <summary>fields: multi-bit fields inside the flags word.</summary>
        public List<FlagFieldSyntax> Fields { get; } = new();
    }

    /// <summary>A multi-bit field of a flag set (amdgpu's AMDGPU_VM_MTYPE_*): a mask of contiguous bits holding one of its values.</summary>
    public sealed class FlagFieldSyntax : DeclarationSyntax
    {
        /// <summary>Position of the entry.</summary>
        public SourcePosition Position { get; set; }
        /// <summary>bits: the field's bits in place, e.g. "(0xf &lt;&lt; 5)".</summary>
        public NumberSyntax Bits { get; set; } = new();
        /// <summary>mask: the mask macro's name; null for the default <c>NAME_MASK</c>.</summary>
        public string? MaskMacro { get; set; }
        /// <summary>"mask": false — no mask macro.</summary>
        public bool NoMaskMacro { get; set; }
        /// <summary>shift: the shift macro's name; null for the default <c>NAME_SHIFT</c>.</summary>
        public string? ShiftMacro { get; set; }
        /// <summary>"shift": false — no shift macro.</summary>
        public bool NoShiftMacro { get; set; }
        /// <summary>values, written in place (shifted), as the kernel's macros are.</summary>
        public List<ValueSyntax> Values { get; } = new();
    }

    /// <summary>A number as written: its value when it names no constant, and the text of a string form (kept so that
    /// the C header spells it as the spec does).</summary>
    public sealed class NumberSyntax
    {
        /// <summary>Where it is written.</summary>
        public SourcePosition Position { get; set; }
        /// <summary>The value; null until the resolver evaluates an expression that names constants.</summary>
        public BigInteger? Value { get; set; }
        /// <summary>The expression as written (a JSON string); null for a JSON integer.</summary>
        public string? Text { get; set; }
        /// <summary>True when <see cref="Text"/> names constants, so that only the resolver can evaluate it.</summary>
        public bool NamesConstants { get; set; }
    }

    /// <summary>An enum value or a flag.</summary>
    public sealed class ValueSyntax : DeclarationSyntax
    {
        /// <summary>The number as written.</summary>
        public NumberSyntax Number { get; set; } = new();
        /// <summary>value (as evaluated; the resolver fills expressions that name constants).</summary>
        public Located<BigInteger> Value { get; set; }
        /// <summary>access (flags only).</summary>
        public string? Access { get; set; }
        /// <summary>since.</summary>
        public Located<int>? Since { get; set; }
    }

    /// <summary>A handle kind.</summary>
    public sealed class HandleSyntax : DeclarationSyntax
    {
        /// <summary>type.</summary>
        public Located<string> Type { get; set; }
        /// <summary>scope.</summary>
        public Located<string> Scope { get; set; }
        /// <summary>releasedBy.</summary>
        public Located<string>? ReleasedBy { get; set; }
    }

    /// <summary>A struct.</summary>
    public sealed partial class StructSyntax : DeclarationSyntax
    {
        /// <summary>kind: "struct" (default) or "union".</summary>
        public Located<string>? Kind { get; set; }
        /// <summary>fields.</summary>
        public List<FieldSyntax> Fields { get; } = new();
    }

    /// <summary>A field.</summary>
    public sealed class FieldSyntax : DeclarationSyntax
    {
        /// <summary>Position of the field's entry (anonymous members have no name to point at).</summary>
        public SourcePosition Position { get; set; }
        /// <summary>kind of an inline aggregate: "struct" (default) or "union".</summary>
        public Located<string>? Kind { get; set; }
        /// <summary>fields of an inline aggregate (C's <c>struct { … } name;</c>), instead of a type; null otherwise.</summary>
        public List<FieldSyntax>? Members { get; set; }
        /// <summary>True for an inline aggregate without a name: a C11 anonymous struct or union member.</summary>
        public bool Anonymous { get; set; }
        /// <summary>flexible: a flexible array member (<c>type name[];</c>).</summary>
        public Located<bool>? Flexible { get; set; }
        /// <summary>count given by a named constant (an identifier instead of a number).</summary>
        public Located<string>? CountName { get; set; }
        /// <summary>countedBy: the field holding a flexible array's element count.</summary>
        public Located<string>? CountedBy { get; set; }
        /// <summary>maxCount: the most elements of a flexible array a dispatcher copies.</summary>
        public Located<int>? MaxCount { get; set; }
        /// <summary>type.</summary>
        public Located<string> Type { get; set; }
        /// <summary>count.</summary>
        public Located<int>? Count { get; set; }
        /// <summary>dir.</summary>
        public Located<string>? Dir { get; set; }
        /// <summary>reserved.</summary>
        public bool Reserved { get; set; }
        /// <summary>length.</summary>
        public Located<string>? Length { get; set; }
        /// <summary>since.</summary>
        public Located<int>? Since { get; set; }
    }

    /// <summary>An ioctl.</summary>
    public sealed class IoctlSyntax : DeclarationSyntax
    {
        /// <summary>nr.</summary>
        public Located<BigInteger> Nr { get; set; }
        /// <summary>dir.</summary>
        public Located<string> Dir { get; set; }
        /// <summary>arg.</summary>
        public Located<string>? Arg { get; set; }
        /// <summary>code.</summary>
        public string? Code { get; set; }
        /// <summary>permissions.</summary>
        public List<Located<string>> Permissions { get; } = new();
        /// <summary>olderFormOf.</summary>
        public Located<string>? OlderFormOf { get; set; }
        /// <summary>sizeVariantOf: the ioctl whose number this one shares, with an argument of another size only.</summary>
        public Located<string>? SizeVariantOf { get; set; }
        /// <summary>returns: what a successful call returns ("fd", "value"); null for 0.</summary>
        public Located<string>? Returns { get; set; }
        /// <summary>since.</summary>
        public Located<int>? Since { get; set; }
        /// <summary>deprecated.</summary>
        public string? Deprecated { get; set; }
        /// <summary>encoding ("legacy" or null).</summary>
        public Located<string>? Encoding { get; set; }
        /// <summary>semantics.</summary>
        public List<SemanticSyntax> Semantics { get; } = new();
        /// <summary>linuxDifferences.</summary>
        public List<LinuxDifferenceSyntax> LinuxDifferences { get; } = new();
    }

    /// <summary>One linuxDifferences entry: an intended difference from the real kernel, pinned by a conformance case.</summary>
    public sealed class LinuxDifferenceSyntax
    {
        /// <summary>case: the conformance suite's case id.</summary>
        public Located<string> Case { get; set; }
        /// <summary>abikit: what AbiKit answers instead.</summary>
        public string AbiKit { get; set; } = "";
        /// <summary>reason.</summary>
        public string Reason { get; set; } = "";
    }

    /// <summary>One semantics entry.</summary>
    public sealed class SemanticSyntax
    {
        /// <summary>Position of the entry.</summary>
        public SourcePosition Position { get; set; }
        /// <summary>effect.</summary>
        public Located<string> Effect { get; set; }
        /// <summary>object.</summary>
        public Located<string>? Object { get; set; }
        /// <summary>access.</summary>
        public Located<string>? Access { get; set; }
        /// <summary>readAccess.</summary>
        public Located<string>? ReadAccess { get; set; }
        /// <summary>writeAccess.</summary>
        public Located<string>? WriteAccess { get; set; }
        /// <summary>when.field.</summary>
        public Located<string>? WhenField { get; set; }
        /// <summary>when.flag.</summary>
        public Located<string>? WhenFlag { get; set; }
        /// <summary>when.set.</summary>
        public bool WhenSet { get; set; } = true;
        /// <summary>pointer.</summary>
        public Located<string>? Pointer { get; set; }
        /// <summary>size.</summary>
        public Located<string>? Size { get; set; }
        /// <summary>readOnlyFlag.</summary>
        public Located<string>? ReadOnlyFlag { get; set; }
    }
}
