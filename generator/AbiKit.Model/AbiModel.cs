using System;

namespace AbiKit.Model
{
    /// <summary>
    /// One ABI family (one <c>*.abi.json</c>) resolved and laid out: the one contract between the front end
    /// and every back end. Immutable, with value equality, and free of source positions so that a
    /// whitespace-only edit of the spec yields an equal model.
    /// </summary>
    /// <param name="Family">The family id, e.g. <c>i915</c>.</param>
    /// <param name="SourceName">The spec file name the model was generated from (for banners).</param>
    /// <param name="Doc">The family's documentation.</param>
    /// <param name="Version">The family's current ABI version (1 = first).</param>
    /// <param name="License">SPDX license expression for generated files.</param>
    /// <param name="C">C header options.</param>
    /// <param name="CSharp">C# options.</param>
    /// <param name="Ioctl">How the family numbers its ioctls.</param>
    /// <param name="Imports">Families this one uses types from.</param>
    /// <param name="Enums">Enums, in declaration order.</param>
    /// <param name="FlagSets">Flag sets, in declaration order.</param>
    /// <param name="Handles">Handle kinds, in declaration order.</param>
    /// <param name="Structs">Structs, in dependency order (a nested struct before its user).</param>
    /// <param name="Ioctls">Ioctls, in declaration order.</param>
    /// <param name="Constants">Named integer constants (C macros such as array lengths), in declaration order.</param>
    /// <param name="ExternalConstants">Constants of other headers (<c>O_CLOEXEC</c>) that values name: included, never redefined.</param>
    /// <param name="Names">The names back ends spell for the family (files, client, handler, kernel functions), derived once by the front end.</param>
    /// <param name="Typedefs">Typedef names (<c>drm_handle_t</c>), in declaration order; an aggregate named only by a typedef is a
    /// <see cref="AbiStruct.Tagless"/> struct instead.</param>
    public sealed record AbiFamily(
        string Family,
        string SourceName,
        string Doc,
        int Version,
        string License,
        CHeaderOptions C,
        CSharpOptions CSharp,
        IoctlFamily Ioctl,
        EquatableArray<AbiImport> Imports,
        EquatableArray<AbiEnum> Enums,
        EquatableArray<AbiFlagSet> FlagSets,
        EquatableArray<AbiHandle> Handles,
        EquatableArray<AbiStruct> Structs,
        EquatableArray<AbiIoctl> Ioctls,
        EquatableArray<AbiConstant> Constants = default,
        EquatableArray<AbiExternalConstant> ExternalConstants = default,
        FamilyNames? Names = null,
        EquatableArray<AbiTypedef> Typedefs = default);

    /// <summary>A named integer constant: a C macro (<c>#define AMDGPU_VCE_CLOCK_TABLE_ENTRIES 6</c>) that array lengths can name.</summary>
    /// <param name="Name">The C macro name.</param>
    /// <param name="CsName">The C# constant name.</param>
    /// <param name="Value">Its value.</param>
    /// <param name="Doc">Documentation.</param>
    /// <param name="Expression">The value as the spec writes it (<c>(1 &lt;&lt; 3)</c>, <c>O_CLOEXEC</c>) when C evaluates that text to the
    /// same number on every ABI; empty otherwise, and back ends write the number.</param>
    public sealed record AbiConstant(string Name, string CsName, long Value, string Doc, string Expression = "");

    /// <summary>A constant another header defines (<c>O_CLOEXEC</c> in &lt;fcntl.h&gt;): the generated header includes that header
    /// instead of defining it, and checks the value it was given.</summary>
    /// <param name="Header">The header to include, as written between the brackets or quotes (<c>fcntl.h</c>).</param>
    /// <param name="System">True for <c>#include &lt;…&gt;</c>, false for <c>#include "…"</c>.</param>
    /// <param name="Name">The macro.</param>
    /// <param name="Value">Its value on every ABI AbiKit lays out.</param>
    /// <param name="Text">The value as the spec writes it (for the header's check).</param>
    public sealed record AbiExternalConstant(string Header, bool System, string Name, long Value, string Text);

    /// <summary>C header options.</summary>
    /// <param name="FileName">Header file name, e.g. <c>i915_drm.h</c>.</param>
    /// <param name="Guard">Include guard macro.</param>
    public sealed record CHeaderOptions(string FileName, string Guard);

    /// <summary>C# options.</summary>
    /// <param name="Namespace">Namespace of generated types.</param>
    /// <param name="ClassName">Name of the static class holding request codes and masks.</param>
    public sealed record CSharpOptions(string Namespace, string ClassName);

    /// <summary>An imported family, as far as back ends need it.</summary>
    /// <param name="Family">Family id.</param>
    /// <param name="CHeader">Its C header file name (to <c>#include</c>).</param>
    /// <param name="CsNamespace">Its C# namespace.</param>
    public sealed record AbiImport(string Family, string CHeader, string CsNamespace);

    /// <summary>How a family's request macros are spelled.</summary>
    public enum IoctlStyle
    {
        /// <summary><c>_IOWR(TYPE, nr, struct x)</c> from linux/ioctl.h.</summary>
        Generic,
        /// <summary>DRM core: <c>DRM_IOWR(nr, struct x)</c>, numbers outside the driver range.</summary>
        DrmCore,
        /// <summary>DRM driver: <c>DRM_IOWR(DRM_COMMAND_BASE + DRM_X_NAME, struct x)</c>, numbers relative to 0x40.</summary>
        DrmDriver,
    }

    /// <summary>A family's ioctl numbering.</summary>
    /// <param name="Style">Macro style.</param>
    /// <param name="Type">The _IOC type byte (DRM: 'd').</param>
    /// <param name="TypeMacro">The macro naming the type byte (DRM: <c>DRM_IOCTL_BASE</c>); empty to inline it.</param>
    /// <param name="DefinesTypeMacro">True when this family's header defines <see cref="TypeMacro"/>
    /// (and, for DRM core, the DRM_IO* helpers).</param>
    /// <param name="CommandBase">Added to every ioctl's number (DRM driver: 0x40).</param>
    /// <param name="NrPrefix">Prefix of the per-ioctl number macros (DRM driver: <c>DRM_I915_</c>); empty for none.</param>
    /// <param name="CodePrefix">Prefix of request macros (e.g. <c>DRM_IOCTL_I915_</c>).</param>
    public sealed record IoctlFamily(
        IoctlStyle Style,
        byte Type,
        string TypeMacro,
        bool DefinesTypeMacro,
        int CommandBase,
        string NrPrefix,
        string CodePrefix);

    /// <summary>An enum: a closed set of values carried as a scalar.</summary>
    public sealed record AbiEnum(string Name, string CsName, ScalarKind Base, string Doc, EquatableArray<AbiEnumValue> Values);

    /// <summary>One enum value; <see cref="Name"/> is its C macro name; <see cref="Expression"/> as <see cref="AbiConstant.Expression"/>.</summary>
    public sealed record AbiEnumValue(string Name, string CsName, long Value, string Doc, int Since, string Expression = "");

    /// <summary>A flag set with its known-bits mask.</summary>
    /// <param name="Name">Spec name.</param>
    /// <param name="CsName">C# enum name.</param>
    /// <param name="Base">Unsigned base scalar.</param>
    /// <param name="MaskName">C macro of the known-bits mask; empty when the header defines none (the mask is still known).</param>
    /// <param name="Mask">OR of every flag.</param>
    /// <param name="Doc">Documentation.</param>
    /// <param name="Flags">The flags.</param>
    /// <param name="Fields">Multi-bit fields inside the word (amdgpu's MTYPE), each holding one of its values.</param>
    /// <param name="CsMaskName">The C# constant of <paramref name="Mask"/> (from the mask macro, or the set's C# name and <c>Mask</c>).</param>
    public sealed record AbiFlagSet(string Name, string CsName, ScalarKind Base, string MaskName, ulong Mask, string Doc, EquatableArray<AbiFlag> Flags,
        EquatableArray<AbiFlagField> Fields = default, string CsMaskName = "");

    /// <summary>
    /// A multi-bit field of a flags word: contiguous bits holding exactly one of <see cref="Values"/> (amdgpu's
    /// <c>AMDGPU_VM_MTYPE_MASK (0xf &lt;&lt; 5)</c> with <c>AMDGPU_VM_MTYPE_NC (1 &lt;&lt; 5)</c> …), distinct from single-bit flags.
    /// </summary>
    /// <param name="Name">The field's name, the prefix of its macros (<c>AMDGPU_VM_MTYPE</c>).</param>
    /// <param name="CsName">The C# enum of its values.</param>
    /// <param name="Bits">Its bits in place (the mask).</param>
    /// <param name="Shift">The position of its lowest bit.</param>
    /// <param name="MaskMacro">The C macro of <see cref="Bits"/>; empty when the header defines none.</param>
    /// <param name="ShiftMacro">The C macro of <see cref="Shift"/>; empty when the header defines none.</param>
    /// <param name="Doc">Documentation.</param>
    /// <param name="Values">Its values, in place (shifted), as the kernel's macros are.</param>
    /// <param name="BitsExpression">The bits as the spec writes them, when C reads that text as the same number; else empty.</param>
    /// <param name="CsMaskName">The C# constant of <paramref name="Bits"/>.</param>
    /// <param name="CsShiftName">The C# constant of <paramref name="Shift"/>.</param>
    public sealed record AbiFlagField(string Name, string CsName, ulong Bits, int Shift, string MaskMacro, string ShiftMacro, string Doc,
        EquatableArray<AbiFlag> Values, string BitsExpression = "", string CsMaskName = "", string CsShiftName = "");

    /// <summary>What a flag says about CPU access when its set is a begin/end-CPU-access direction.</summary>
    [Flags]
    public enum CpuAccess
    {
        /// <summary>No access meaning.</summary>
        None = 0,
        /// <summary>The CPU reads.</summary>
        Read = 1,
        /// <summary>The CPU writes.</summary>
        Write = 2,
    }

    /// <summary>One flag; <see cref="Name"/> is its C macro name. A value may have several bits (e.g. RW) or none (e.g. START).</summary>
    public sealed record AbiFlag(string Name, string CsName, ulong Value, CpuAccess Access, string Doc, int Since, string Expression = "");

    /// <summary>Who can name a handle.</summary>
    public enum HandleScope
    {
        /// <summary>Private to one open file, as GEM handles are.</summary>
        File,
        /// <summary>Device-global, as GEM flink names are (guessable; lint flags it).</summary>
        Global,
        /// <summary>A file descriptor.</summary>
        Fd,
    }

    /// <summary>A typed handle kind.</summary>
    /// <param name="Name">Spec name.</param>
    /// <param name="CsName">C# struct name.</param>
    /// <param name="Base">Scalar the handle is carried as.</param>
    /// <param name="Scope">Who can name it.</param>
    /// <param name="ReleasedBy">The ioctl (name) that releases it, if any.</param>
    /// <param name="Doc">Documentation.</param>
    public sealed record AbiHandle(string Name, string CsName, ScalarKind Base, HandleScope Scope, string ReleasedBy, string Doc);

    /// <summary>Direction of a field, from user space's point of view of the kernel.</summary>
    public enum FieldDirection
    {
        /// <summary>User space writes it, the kernel reads it.</summary>
        In,
        /// <summary>The kernel writes it.</summary>
        Out,
        /// <summary>Both.</summary>
        InOut,
    }

    /// <summary>A struct field.</summary>
    /// <param name="Name">C field name.</param>
    /// <param name="CsName">C# field name.</param>
    /// <param name="Type">Resolved type.</param>
    /// <param name="Count">Array element count; 0 for a single value.</param>
    /// <param name="Direction">In/out.</param>
    /// <param name="Reserved">Must be zero (reserved or explicit padding).</param>
    /// <param name="Since">ABI version that appended the field.</param>
    /// <param name="LengthField">For a user pointer: the field holding its length in bytes; empty if none.</param>
    /// <param name="Doc">Documentation.</param>
    /// <param name="Anonymous">An anonymous struct or union member (C11 <c>union { … };</c>): <see cref="Name"/> is empty in C
    /// and its members are reached as members of the enclosing aggregate.</param>
    /// <param name="Flexible">A flexible array member (<c>struct item list[];</c>), always last: it adds no size, only its
    /// element's alignment; the elements follow the struct in the caller's memory.</param>
    /// <param name="CountedBy">For a flexible array: the field (same struct) holding its element count; empty if none.</param>
    /// <param name="CountMacro">The named constant that spells <paramref name="Count"/> in C (<c>entries[AMDGPU_VCE_CLOCK_TABLE_ENTRIES]</c>); empty for a literal.</param>
    /// <param name="MaxCount">For a flexible array: the most elements a dispatcher copies (udmabuf's list_limit, 1024); 0 for
    /// the default, 1 MiB of elements.</param>
    /// <param name="CsArrayName">For a fixed-size array: the C# inline-array type of its elements; empty otherwise.</param>
    /// <param name="CsElementsName">For a flexible array: the C# parameter that carries its elements (client and handler); empty otherwise.</param>
    public sealed record AbiField(
        string Name,
        string CsName,
        TypeRef Type,
        int Count,
        FieldDirection Direction,
        bool Reserved,
        int Since,
        string LengthField,
        string Doc,
        bool Anonymous = false,
        bool Flexible = false,
        string CountedBy = "",
        string CountMacro = "",
        int MaxCount = 0,
        string CsArrayName = "",
        string CsElementsName = "");

    /// <summary>A struct or union (an aggregate) with its layout on every architecture.</summary>
    /// <param name="Name">Spec name (the C struct or union tag).</param>
    /// <param name="CsName">C# struct name.</param>
    /// <param name="Doc">Documentation.</param>
    /// <param name="Fields">Fields (union members) in order.</param>
    /// <param name="Layouts">The layout on each ABI, indexed by <see cref="Arch"/> (one per <see cref="Arches.All"/>).</param>
    /// <param name="Kind">Struct (members one after another) or union (every member at offset 0).</param>
    /// <param name="Inline">Declared inside its one user's field (C's <c>struct { … } name;</c> or an anonymous member):
    /// it has no C tag, back ends spell it where it is used, and <see cref="Name"/> (<c>outer.field</c>, <c>outer.3</c>)
    /// only identifies it.</param>
    /// <param name="Tagless">Declared without a tag, named only by a typedef (<c>typedef struct { … } drm_sis_mem_t;</c>):
    /// <see cref="Name"/> is that typedef name, and C spells the type without the keyword.</param>
    /// <param name="Packed">C's <c>__attribute__((packed))</c>: every member aligned to 1, no padding, the aggregate aligned to 1
    /// on every ABI (<see cref="Layouts"/> say so; back ends spell the attribute).</param>
    public sealed record AbiStruct(
        string Name,
        string CsName,
        string Doc,
        EquatableArray<AbiField> Fields,
        EquatableArray<StructLayout> Layouts,
        AggregateKind Kind = AggregateKind.Struct,
        bool Inline = false,
        bool Tagless = false,
        bool Packed = false)
    {
        /// <summary>The C keyword: <c>struct</c> or <c>union</c>.</summary>
        public string CKeyword => Kind.CKeyword();

        /// <summary>The layout on <paramref name="arch"/>.</summary>
        public StructLayout Layout(Arch arch) => Layouts[(int)arch];

        /// <summary>True when, on each of <paramref name="arches"/>, the size and every field's offset and size equal x86_64's
        /// (alignment may differ: it changes nothing a caller copies).</summary>
        public bool SameLayoutOn(System.Collections.Generic.IEnumerable<Arch> arches)
        {
            var reference = Layouts[0];
            foreach (var arch in arches)
            {
                var other = Layout(arch);
                if (other.Size != reference.Size) return false;
                for (int i = 0; i < reference.Fields.Count; i++)
                {
                    if (other.Fields[i].Offset != reference.Fields[i].Offset || other.Fields[i].Size != reference.Fields[i].Size) return false;
                }
            }
            return true;
        }
    }

    /// <summary>A struct's size, alignment, field placement and holes on one architecture.</summary>
    public sealed record StructLayout(Arch Arch, int Size, int Align, EquatableArray<FieldLayout> Fields, EquatableArray<Hole> Holes);

    /// <summary>One field's placement.</summary>
    public sealed record FieldLayout(int Offset, int Size, int Align);

    /// <summary>Bytes the C compiler would insert. <see cref="AfterField"/> is -1 for none (tail padding is after the last field).</summary>
    public sealed record Hole(int Offset, int Size, int AfterField, bool IsTail);

    /// <summary>An ioctl.</summary>
    /// <param name="Name">Spec name, e.g. <c>GEM_CREATE</c>.</param>
    /// <param name="CsName">C# name, e.g. <c>GemCreate</c>.</param>
    /// <param name="CodeMacro">The C request macro, e.g. <c>DRM_IOCTL_I915_GEM_CREATE</c>.</param>
    /// <param name="NrMacro">The C number macro (DRM driver style), or empty.</param>
    /// <param name="RelativeNr">The number as written in the spec.</param>
    /// <param name="Nr">The _IOC nr byte (RelativeNr + the family's command base).</param>
    /// <param name="Direction">Which way the argument is copied (for <paramref name="LegacyEncoding"/> ioctls the code itself says nothing).</param>
    /// <param name="Arg">The argument type (usually a struct).</param>
    /// <param name="Codes">The request code on each ABI, indexed by <see cref="Arch"/> (its encoding is <see cref="Arches.IoctlEncoding"/>).</param>
    /// <param name="Permissions">DRM permission flags.</param>
    /// <param name="Since">ABI version that added it.</param>
    /// <param name="Deprecated">Why it is deprecated; empty if not.</param>
    /// <param name="OlderFormOf">The ioctl this one is an older, shorter form of (same number); empty if none.</param>
    /// <param name="Semantics">What it does to resources, for the runtime's checked mode and the analyzers.</param>
    /// <param name="Doc">Documentation.</param>
    /// <param name="LegacyEncoding">The code predates _IOC and is encoded as _IO(type, nr): no direction or size bits (FIONREAD).</param>
    /// <param name="LinuxDifferences">Intended differences from the real kernel, each pinned by a conformance case.</param>
    /// <param name="SizeVariantOf">The ioctl whose number and direction this one shares with an argument of another size
    /// (DMA_BUF_SET_NAME_A/_B: <c>__u32</c> and <c>__u64</c>), a request code of its own; empty if none.</param>
    /// <param name="Returns">What a successful call returns: 0, or a new file descriptor or a value (udmabuf's CREATE).</param>
    /// <param name="Dispatch">Its dispatch-table entry's names and argument checks; null when it has no entry of its own
    /// (an older form, a legacy code).</param>
    public sealed record AbiIoctl(
        string Name,
        string CsName,
        string CodeMacro,
        string NrMacro,
        int RelativeNr,
        int Nr,
        IoctlDirection Direction,
        TypeRef Arg,
        EquatableArray<uint> Codes,
        IoctlPermissions Permissions,
        int Since,
        string Deprecated,
        string OlderFormOf,
        EquatableArray<AbiSemantic> Semantics,
        string Doc,
        bool LegacyEncoding = false,
        EquatableArray<LinuxDifference> LinuxDifferences = default,
        string SizeVariantOf = "",
        IoctlReturn Returns = IoctlReturn.Zero,
        IoctlDispatch? Dispatch = null)
    {
        /// <summary>The request code on <paramref name="arch"/>.</summary>
        public uint Code(Arch arch) => Codes[(int)arch];

        /// <summary>The request code on <paramref name="arch"/>, decodable in that ABI's encoding.</summary>
        public IoctlCode DecodedCode(Arch arch) => new(Codes[(int)arch], arch.IoctlEncoding());
    }

    /// <summary>What a successful ioctl returns (its return value; failures are -1 and errno, always).</summary>
    public enum IoctlReturn
    {
        /// <summary>0, as most ioctls.</summary>
        Zero,
        /// <summary>A new file descriptor (udmabuf's CREATE, dma-heap's ALLOC through its struct, here the return value).</summary>
        FileDescriptor,
        /// <summary>A non-negative value.</summary>
        Value,
    }

    /// <summary>
    /// An intended difference between AbiKit (its dispatch, or the device serving the family) and the real kernel,
    /// recorded with the ioctl it concerns and pinned by a case of the DRM conformance suite
    /// (tests/AbiKit.Conformance.Tests), which runs the same binary against Linux in qemu and against AbiKit.
    /// </summary>
    /// <param name="Case">The conformance case id (e.g. gem.close-pad-ignored).</param>
    /// <param name="AbiKit">What AbiKit answers, in the suite's notation (Linux's answer is the case's expectation).</param>
    /// <param name="Reason">Why AbiKit chooses otherwise.</param>
    public sealed record LinuxDifference(string Case, string AbiKit, string Reason);

    /// <summary>One semantic effect of an ioctl. Field references are C field names of the argument struct;
    /// empty strings mean "not applicable". An empty <see cref="Object"/> means the open file itself
    /// (as for dma-buf, where the fd is the object).</summary>
    /// <param name="Effect">What happens.</param>
    /// <param name="Object">Field naming the object (handle).</param>
    /// <param name="Access">Flags field whose bits carry the CPU-access direction.</param>
    /// <param name="ReadAccess">Field that, when non-zero, means read access.</param>
    /// <param name="WriteAccess">Field that, when non-zero, means write access.</param>
    /// <param name="WhenField">The effect applies only when this flags field …</param>
    /// <param name="WhenFlag">… has this flag (C name) …</param>
    /// <param name="WhenSet">… set (true) or clear (false).</param>
    /// <param name="Pointer">For imports of user memory: the pointer field.</param>
    /// <param name="Size">For imports of user memory: the size field.</param>
    /// <param name="ReadOnlyFlag">For imports of user memory: the flag (C name) that makes the import read-only.</param>
    public sealed record AbiSemantic(
        SemanticEffect Effect,
        string Object,
        string Access,
        string ReadAccess,
        string WriteAccess,
        string WhenField,
        string WhenFlag,
        bool WhenSet,
        string Pointer,
        string Size,
        string ReadOnlyFlag);
}
