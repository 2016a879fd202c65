using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Emitters.CSharp
{
    /// <summary>
    /// Emits the parts of the C# bindings that use AbiKit.Runtime: the typed client (one method per ioctl,
    /// carrying the spec's semantics as attributes) and the dispatch entries (a handler interface and
    /// thunks that check what the spec says must be checked before a device sees a request).
    /// </summary>
    public sealed class CSharpRuntimeEmitter : IEmitter
    {
        private const string Rt = "global::AbiKit.Runtime";
        private readonly TemplateSet _templates;

        private readonly CSharpEmitOptions _options;

        /// <summary>Creates the emitter over <paramref name="templates"/>.</summary>
        public CSharpRuntimeEmitter(TemplateSet templates, CSharpEmitOptions? options = null)
        {
            _templates = templates;
            _options = options ?? CSharpEmitOptions.Default;
        }

        /// <inheritdoc />
        public string Language => "csharp";

        /// <inheritdoc />
        public IReadOnlyList<GeneratedFile> Emit(AbiFamily family)
        {
            var view = BuildView(family, _options);
            return new[]
            {
                new GeneratedFile(family.CSharp.ClassName + ".Client.g.cs", _templates.Render("csharp-client.hbs", view)),
                new GeneratedFile(family.CSharp.ClassName + ".Dispatch.g.cs", _templates.Render("csharp-dispatch.hbs", view)),
            };
        }

        /// <summary>The view both templates render.</summary>
        public static CsRuntimeView BuildView(AbiFamily f, CSharpEmitOptions? options = null)
        {
            var view = new CsRuntimeView
            {
                Source = f.SourceName,
                Visibility = (options ?? CSharpEmitOptions.Default).Visibility,
                Namespace = f.CSharp.Namespace,
                ClassName = f.CSharp.ClassName,
                Client = CSharpNames.Client(f),
                Handler = CSharpNames.Handler(f),
                Dispatch = CSharpNames.Dispatch(f),
                Family = f.Family,
            };
            foreach (var io in f.Ioctls)
            {
                bool hasArg = io.Direction != IoctlDirection.None && io.Arg.Name.Length > 0;
                var method = new CsIoctlMethod
                {
                    Name = io.CsName,
                    Code = f.CSharp.ClassName + "." + io.CsName,
                    Macro = io.CodeMacro,
                    HasArg = hasArg,
                    ArgType = hasArg ? CSharpNames.Qualified(io.Arg) : "",
                    Doc = Text.XmlLines(io.Doc),
                    Attributes = io.Semantics.Select(s => Attribute(f, io, s)).ToList(),
                    Deprecated = io.Deprecated.Length > 0 ? Text.CsStringContent(io.Deprecated) : "",
                    Permissions = ((int)io.Permissions).ToString(CultureInfo.InvariantCulture),
                    Returns = io.Returns != IoctlReturn.Zero,
                    ResultName = io.Returns == IoctlReturn.FileDescriptor ? "fd" : "result",
                };
                if (hasArg && Flexible(f, io) is { } trailing) Trail(f, method, trailing.Struct, trailing.Field);
                if (method.Trailing) method.Doc.Add("The argument is the struct followed by its flexible array's elements, in one buffer.");
                if (method.Returns)
                    method.Doc.Add($"On success it returns {(io.Returns == IoctlReturn.FileDescriptor ? "a new file descriptor (the caller closes it)" : "a non-negative value")}: the client hands it out as <c>{method.ResultName}</c> (-1 on failure), a handler returns it with <see cref=\"global::AbiKit.Runtime.IoctlResult.Success\"/>.");
                // In-process tables dispatch by number: an older, shorter form shares the newer form's slot
                // (the zero-extension gives it the old behaviour), and legacy codes carry no size to dispatch on.
                if (io.OlderFormOf.Length == 0 && !io.LegacyEncoding)
                {
                    method.Checks = hasArg && io.Arg.Kind == TypeKind.Struct ? Checks(f, io) : new List<string>();
                    view.Dispatched.Add(method);
                }
                view.Methods.Add(method);
            }
            return view;
        }

        /// <summary>
        /// The spec's semantic, whole: every non-default field of the record, under the model's names. Field and flag
        /// names become the generated C# members they name (the argument struct's field, the flag set's member), so
        /// the analyzers find the symbols without a naming rule; a name the family does not declare stays as written.
        /// </summary>
        private static string Attribute(AbiFamily f, AbiIoctl io, AbiSemantic s)
        {
            var arg = io.Arg.Kind == TypeKind.Struct ? FindStruct(f, io.Arg) : null;
            // A path through members (out.handle) becomes the C# member path (Out.Handle), as far as this family declares it.
            string Field(string c)
            {
                var current = arg;
                var names = new List<string>();
                foreach (var segment in c.Split('.'))
                {
                    // Through anonymous members as C does: their fields are the enclosing C# struct's own.
                    var field = current is null ? null : f.Named(current, Arch.X86_64).FirstOrDefault(x => x.Path == segment)?.Field;
                    names.Add(field?.CsName ?? segment);
                    current = field is { Type.Kind: TypeKind.Struct } ? FindStruct(f, field.Type) : null;
                }
                return string.Join(".", names);
            }
            string Flag(string field, string c)
            {
                var type = arg?.Fields.FirstOrDefault(x => x.Name == field)?.Type;
                var set = type is { Kind: TypeKind.Flags } ? FindFlags(f, type) : null;
                return set?.Flags.FirstOrDefault(x => x.Name == c)?.CsName ?? c;
            }
            var parts = new List<string> { "global::AbiKit.Model.SemanticEffect." + s.Effect };
            void Add(string name, string value)
            {
                if (value.Length > 0) parts.Add($"{name} = \"{value}\"");
            }
            Add(nameof(AbiSemantic.Object), Field(s.Object));
            Add(nameof(AbiSemantic.Access), Field(s.Access));
            Add(nameof(AbiSemantic.ReadAccess), Field(s.ReadAccess));
            Add(nameof(AbiSemantic.WriteAccess), Field(s.WriteAccess));
            if (s.WhenField.Length > 0)
            {
                Add(nameof(AbiSemantic.WhenField), Field(s.WhenField));
                Add(nameof(AbiSemantic.WhenFlag), Flag(s.WhenField, s.WhenFlag));
                parts.Add($"{nameof(AbiSemantic.WhenSet)} = {(s.WhenSet ? "true" : "false")}");
            }
            Add(nameof(AbiSemantic.Pointer), Field(s.Pointer));
            Add(nameof(AbiSemantic.Size), Field(s.Size));
            if (s.ReadOnlyFlag.Length > 0)
            {
                // The read-only flag belongs to whichever flag set of the argument declares it.
                string flag = s.ReadOnlyFlag;
                foreach (var field in arg?.Fields ?? (IEnumerable<AbiField>)System.Array.Empty<AbiField>())
                {
                    string cs = Flag(field.Name, s.ReadOnlyFlag);
                    if (cs != s.ReadOnlyFlag) flag = cs;
                }
                Add(nameof(AbiSemantic.ReadOnlyFlag), flag);
            }
            return $"[{Rt}.Semantics.AbiSemantic({string.Join(", ", parts)})]";
        }

        /// <summary>The argument's flexible array member with a count field (the dispatcher copies its elements), if any.</summary>
        private static (AbiStruct Struct, AbiField Field)? Flexible(AbiFamily f, AbiIoctl io)
        {
            var s = io.Arg.Kind == TypeKind.Struct ? FindStruct(f, io.Arg) : null;
            var field = s?.Fields.LastOrDefault(x => x.Flexible);
            return s is not null && field is not null ? (s, field) : null;
        }

        /// <summary>The elements of a flexible array: the dispatcher copies them by the count field, as the kernel's handler
        /// does; the handler gets them as a span, the client sends the struct and its elements as one buffer.</summary>
        private static void Trail(AbiFamily f, CsIoctlMethod method, AbiStruct s, AbiField field)
        {
            var layout = s.Layout(Arch.X86_64);
            int index = s.Fields.ToList().IndexOf(field);
            method.Trailing = true;
            method.ElementType = CSharpNames.Qualified(field.Type);
            method.ElementsName = char.ToLowerInvariant(field.CsName[0]) + field.CsName.Substring(1);
            if (method.ElementsName is "arg" or "file" or "handler" or "data") method.ElementsName += "Elements";
            method.ElementsOffset = layout.Fields[index].Offset.ToString(CultureInfo.InvariantCulture);
            if (field.CountedBy.Length == 0) return; // without a count field the dispatcher cannot know how many: the handler gets none
            int countIndex = s.Fields.ToList().FindIndex(x => x.Name == field.CountedBy);
            // The model carries this family's structs only; an imported element type is the handler's to copy.
            int elementSize = field.Type.Kind == TypeKind.Struct
                ? FindStruct(f, field.Type)?.Layout(Arch.X86_64).Size ?? 0
                : Scalars.Size(field.Type.Scalar, Arch.X86_64);
            if (elementSize == 0 || countIndex < 0) return;
            int max = field.MaxCount > 0 ? field.MaxCount : Math.Max(1, (1 << 20) / Math.Max(1, elementSize));
            method.Counted = true;
            method.CountAccess = "arg." + s.Fields[countIndex].CsName;
            method.TrailingArray = $"new global::AbiKit.Runtime.Dispatch.TrailingArray({method.ElementsOffset}, {elementSize}, {layout.Fields[countIndex].Offset}, {layout.Fields[countIndex].Size}, {max}, {(field.Direction == FieldDirection.In ? "false" : "true")})";
        }

        /// <summary>What the kernel's handler would reject with EINVAL, in the order of the struct's fields.</summary>
        private static List<string> Checks(AbiFamily f, AbiIoctl io)
        {
            var checks = new List<string>();
            var s = FindStruct(f, io.Arg);
            // Which member of a union is live is the handler's to know (amdgpu reads "in", writes "out"): no blanket check.
            if (s is null || s.Kind == AggregateKind.Union) return checks;
            // The elements of a flexible array are beyond the struct (and _IOC_SIZE): the handler checks them.
            foreach (var field in s.Fields.Where(x => x.Direction != FieldDirection.Out && !x.Flexible))
            {
                string access = "arg." + field.CsName;
                string value = field.Type.Kind == TypeKind.Handle ? ".Value" : "";
                if (field.Reserved)
                {
                    checks.Add(field.Count > 0
                        ? $"foreach (var element in {access}) {{ if (element{value} != 0) return {Rt}.Errno.EINVAL; }}"
                        : $"if ({access}{value} != 0) return {Rt}.Errno.EINVAL;");
                }
                else if (field.Type.Kind == TypeKind.Flags && field.Count == 0)
                {
                    var set = FindFlags(f, field.Type);
                    if (set is not null)
                    {
                        checks.Add($"if (((ulong){access} & ~0x{set.Mask:X}UL) != 0) return {Rt}.Errno.EINVAL;");
                        // A multi-bit field holds one of its listed values; any other pattern of its bits is EINVAL.
                        foreach (var bits in set.Fields)
                            checks.Add($"if (((ulong){access} & 0x{bits.Bits:X}UL) is not ({string.Join(" or ", bits.Values.Select(v => $"0x{v.Value:X}UL"))})) return {Rt}.Errno.EINVAL;");
                    }
                }
                else if (field.Type.Kind == TypeKind.Enum && field.Count == 0)
                {
                    var e = FindEnum(f, field.Type);
                    if (e is not null && e.Values.Count > 0)
                    {
                        string type = CSharpNames.Qualified(field.Type);
                        checks.Add($"if ({access} is not ({string.Join(" or ", e.Values.Select(v => type + "." + v.CsName))})) return {Rt}.Errno.EINVAL;");
                    }
                }
            }
            return checks;
        }

        // Types of the argument may come from imports; the model carries only this family's declarations,
        // so checks are generated for local enums and flag sets (imported ones are checked by their owner).
        private static AbiStruct? FindStruct(AbiFamily f, TypeRef t) => t.Family == f.Family ? f.Structs.FirstOrDefault(s => s.Name == t.Name) : null;

        private static AbiFlagSet? FindFlags(AbiFamily f, TypeRef t) => t.Family == f.Family ? f.FlagSets.FirstOrDefault(s => s.Name == t.Name) : null;

        private static AbiEnum? FindEnum(AbiFamily f, TypeRef t) => t.Family == f.Family ? f.Enums.FirstOrDefault(s => s.Name == t.Name) : null;
    }

#pragma warning disable CS1591 // View-model properties are named for what the templates print.
    /// <summary>What csharp-client.hbs and csharp-dispatch.hbs render.</summary>
    public sealed class CsRuntimeView
    {
        public string Source { get; set; } = "";
        public string Visibility { get; set; } = "public";
        public string Namespace { get; set; } = "";
        public string ClassName { get; set; } = "";
        public string Client { get; set; } = "";
        public string Handler { get; set; } = "";
        public string Dispatch { get; set; } = "";
        public string Family { get; set; } = "";
        public List<CsIoctlMethod> Methods { get; } = new();
        public List<CsIoctlMethod> Dispatched { get; } = new();
    }

    /// <summary>One ioctl as a client method and a handler method.</summary>
    public sealed class CsIoctlMethod
    {
        public string Name { get; set; } = "";
        public string Code { get; set; } = "";
        public string Macro { get; set; } = "";
        public bool HasArg { get; set; }
        public string ArgType { get; set; } = "";
        public List<string> Doc { get; set; } = new();
        public List<string> Attributes { get; set; } = new();
        public string Deprecated { get; set; } = "";
        public string Permissions { get; set; } = "";
        public List<string> Checks { get; set; } = new();
        /// <summary>The ioctl returns a value on success (a new file descriptor): the client hands it out, the handler returns it.</summary>
        public bool Returns { get; set; }
        /// <summary>The client's out parameter for it: <c>fd</c> or <c>result</c>.</summary>
        public string ResultName { get; set; } = "result";
        /// <summary>The argument ends in a flexible array: the client sends a buffer of the struct and its elements.</summary>
        public bool Trailing { get; set; }
        /// <summary>The dispatcher copies the elements by a count field, and the handler gets them.</summary>
        public bool Counted { get; set; }
        public string ElementType { get; set; } = "";
        public string ElementsName { get; set; } = "";
        public string ElementsOffset { get; set; } = "";
        public string CountAccess { get; set; } = "";
        /// <summary>The dispatch entry's <c>TrailingArray</c> argument.</summary>
        public string TrailingArray { get; set; } = "";
        /// <summary>What the handler method returns: the errno, or the ioctl's result.</summary>
        public string HandlerReturn => Returns ? "global::AbiKit.Runtime.IoctlResult" : "global::AbiKit.Runtime.Errno";
    }
#pragma warning restore CS1591
}
