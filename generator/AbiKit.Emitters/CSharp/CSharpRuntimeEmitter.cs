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
                new GeneratedFile(ModelNames.Of(family).CSharp.ClientFile, _templates.Render("csharp-client.hbs", view)),
                new GeneratedFile(ModelNames.Of(family).CSharp.DispatchFile, _templates.Render("csharp-dispatch.hbs", view)),
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
                Client = ModelNames.Of(f).CSharp.Client,
                Handler = ModelNames.Of(f).CSharp.Handler,
                Dispatch = ModelNames.Of(f).CSharp.Dispatch,
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
                if (io.Dispatch is { } dispatch)
                {
                    method.Checks = Checks(dispatch);
                    if (hasArg && io.Arg.Kind == TypeKind.Struct) Semantics(f, io, method);
                    view.Dispatched.Add(method);
                }
                view.Methods.Add(method);
            }
            return view;
        }

        /// <summary>
        /// A path through members (out.handle) as the C# member path (Out.Handle), as far as this family declares it,
        /// and the field it ends at (null when the family does not declare it).
        /// </summary>
        private static (string Path, AbiField? Field) Member(AbiFamily f, AbiStruct? arg, string c)
        {
            var current = arg;
            var names = new List<string>();
            AbiField? field = null;
            foreach (var segment in c.Split('.'))
            {
                // Through anonymous members as C does: their fields are the enclosing C# struct's own.
                field = current is null ? null : f.Named(current, Arch.X86_64).FirstOrDefault(x => x.Path == segment)?.Field;
                names.Add(field?.CsName ?? segment);
                current = field is { Type.Kind: TypeKind.Struct } ? ArgumentChecks.FindStruct(f, field.Type) : null;
            }
            return (string.Join(".", names), field);
        }

        /// <summary>
        /// The spec's semantic, whole: every non-default field of the record, under the model's names. Field and flag
        /// names become the generated C# members they name (the argument struct's field, the flag set's member), so
        /// the analyzers find the symbols without a naming rule; a name the family does not declare stays as written.
        /// </summary>
        private static string Attribute(AbiFamily f, AbiIoctl io, AbiSemantic s)
        {
            var arg = io.Arg.Kind == TypeKind.Struct ? ArgumentChecks.FindStruct(f, io.Arg) : null;
            string Field(string c) => Member(f, arg, c).Path;
            string Flag(string field, string c)
            {
                var type = arg?.Fields.FirstOrDefault(x => x.Name == field)?.Type;
                var set = type is { Kind: TypeKind.Flags } ? ArgumentChecks.FindFlags(f, type) : null;
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
            var s = io.Arg.Kind == TypeKind.Struct ? ArgumentChecks.FindStruct(f, io.Arg) : null;
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
            method.ElementsName = field.CsElementsName;
            method.ElementsOffset = layout.Fields[index].Offset.ToString(CultureInfo.InvariantCulture);
            if (field.CountedBy.Length == 0) return; // without a count field the dispatcher cannot know how many: the handler gets none
            int countIndex = s.Fields.ToList().FindIndex(x => x.Name == field.CountedBy);
            // The model carries this family's structs only; an imported element type is the handler's to copy.
            int elementSize = field.Type.Kind == TypeKind.Struct
                ? ArgumentChecks.FindStruct(f, field.Type)?.Layout(Arch.X86_64).Size ?? 0
                : Scalars.Size(field.Type.Scalar, Arch.X86_64);
            if (elementSize == 0 || countIndex < 0) return;
            int max = field.MaxCount > 0 ? field.MaxCount : Math.Max(1, (1 << 20) / Math.Max(1, elementSize));
            method.Counted = true;
            method.CountAccess = "arg." + s.Fields[countIndex].CsName;
            method.TrailingArray = $"new global::AbiKit.Runtime.Dispatch.TrailingArray({method.ElementsOffset}, {elementSize}, {layout.Fields[countIndex].Offset}, {layout.Fields[countIndex].Size}, {max}, {(field.Direction == FieldDirection.In ? "false" : "true")})";
        }

        /// <summary>
        /// What checked mode needs of the ioctl (<c>AbiKit.Runtime.Checked.IoctlSemantics</c>): each semantic effect with
        /// readers of its fields (over the generated struct, so nothing recomputes the layout) and the flag masks its
        /// direction and condition come from, and a reader of every handle the ioctl takes in.
        /// </summary>
        private static void Semantics(AbiFamily f, AbiIoctl io, CsIoctlMethod method)
        {
            var arg = ArgumentChecks.FindStruct(f, io.Arg);
            if (arg is null) return;
            string? Reader(string c)
            {
                if (c.Length == 0) return null;
                var (path, field) = Member(f, arg, c);
                if (field is null || field.Count > 0 || field.Type.Kind is TypeKind.Struct) return null;
                string value = field.Type.Kind == TypeKind.Handle ? ".Value" : "";
                return $"static d => (ulong)global::System.Runtime.InteropServices.MemoryMarshal.AsRef<{method.ArgType}>(d).{path}{value}";
            }
            ulong Mask(string c, System.Func<AbiFlag, bool> which)
            {
                var field = c.Length == 0 ? null : Member(f, arg, c).Field;
                var set = field is { Type.Kind: TypeKind.Flags } ? ArgumentChecks.FindFlags(f, field.Type) : null;
                return set?.Flags.Where(which).Aggregate(0UL, (m, x) => m | x.Value) ?? 0;
            }
            string Hex(ulong v) => "0x" + v.ToString("X", CultureInfo.InvariantCulture) + "UL";
            var produced = new HashSet<string>();
            foreach (var s in io.Semantics)
            {
                var inits = new List<string>();
                void Add(string name, string? value)
                {
                    if (value is not null) inits.Add($"{name} = {value}");
                }
                Add("Object", Reader(s.Object));
                if (Reader(s.Access) is { } access)
                {
                    Add("Access", access);
                    // A read-write flag (DMA_BUF_SYNC_RW) is the union of the one-way flags' bits: only bits no
                    // one-way flag of the other direction has mean both.
                    ulong readOnly = Mask(s.Access, x => x.Access == CpuAccess.Read);
                    ulong writeOnly = Mask(s.Access, x => x.Access == CpuAccess.Write);
                    ulong both = Mask(s.Access, x => x.Access == (CpuAccess.Read | CpuAccess.Write));
                    Add("ReadMask", Hex(readOnly | (both & ~writeOnly)));
                    Add("WriteMask", Hex(writeOnly | (both & ~readOnly)));
                }
                Add("ReadAccess", Reader(s.ReadAccess));
                Add("WriteAccess", Reader(s.WriteAccess));
                if (Reader(s.WhenField) is { } when)
                {
                    Add("When", when);
                    Add("WhenMask", Hex(Mask(s.WhenField, x => x.Name == s.WhenFlag)));
                    Add("WhenSet", s.WhenSet ? "true" : "false");
                }
                if (Vocabulary.Effects[s.Effect].ProducesObject) produced.Add(s.Object);
                string use = $"new(global::AbiKit.Model.SemanticEffect.{s.Effect})";
                method.SemanticUses.Add(inits.Count == 0 ? use : $"{use} {{ {string.Join(", ", inits)} }}");
            }
            // Handle paths: every handle the ioctl takes in (a handle given out by a creating effect is not taken in).
            // Which member of a union is live is the handler's to know: none of a union's.
            if (arg.Kind != AggregateKind.Union)
            {
                foreach (var m in f.Named(arg, Arch.X86_64))
                {
                    if (m.Field.Type.Kind != TypeKind.Handle || m.Field.Direction == FieldDirection.Out || m.Field.Count > 0 || produced.Contains(m.Path)) continue;
                    if (Reader(m.Path) is { } reader) method.HandleReaders.Add(reader);
                }
            }
            method.HasSemantics = method.SemanticUses.Count > 0 || method.HandleReaders.Count > 0;
        }

        /// <summary>The shared argument checks (<see cref="ArgumentChecks"/>) as C# statements.</summary>
        private static List<string> Checks(IoctlDispatch dispatch)
            => dispatch.Checks.Select(check =>
            {
                string access = "arg." + check.Field.CsName;
                string value = check.Field.Type.Kind == TypeKind.Handle ? ".Value" : "";
                string reject = $"return {Rt}.Errno.{check.Errno};";
                return check.Kind switch
                {
                    ArgumentCheckKind.MustBeZero => check.Field.Count > 0
                        ? $"foreach (var element in {access}) {{ if (element{value} != 0) {reject} }}"
                        : $"if ({access}{value} != 0) {reject}",
                    ArgumentCheckKind.KnownBits => $"if (((ulong){access} & ~0x{check.Flags!.Mask:X}UL) != 0) {reject}",
                    ArgumentCheckKind.KnownFieldValue =>
                        $"if (((ulong){access} & 0x{check.FlagField!.Bits:X}UL) is not ({string.Join(" or ", check.FlagField.Values.Select(v => $"0x{v.Value:X}UL"))})) {reject}",
                    _ => $"if ({access} is not ({string.Join(" or ", check.Enum!.Values.Select(v => CSharpNames.Qualified(check.Field.Type) + "." + v.CsName))})) {reject}",
                };
            }).ToList();
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
        public bool HasSemantics { get; set; }
        public List<string> SemanticUses { get; } = new();
        public List<string> HandleReaders { get; } = new();
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
