using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// The kernel's ioctl design rules (Documentation/process/botching-up-ioctls.rst) checked on laid-out
    /// structs and ioctls. Rules that make an ABI differ between 32- and 64-bit user space are errors;
    /// design advice is a warning that an element can acknowledge with <c>allow</c>.
    /// </summary>
    internal static class Lint
    {
        private static readonly Regex ReservedName = new(@"^_*(pad|padding|rsvd|resv|reserved|mbz|unused|spare)\d*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex FlagsName = new(@"(^|_)flags$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static void Struct(AbiStruct s, StructSyntax syntax, DiagnosticSink sink)
        {
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var f = s.Fields[i];
                var fs = syntax.Fields.First(x => x.Name.Value == f.Name);
                var at = fs.Type.Position;
                if (f.Type.Kind == TypeKind.Scalar && f.Type.Scalar == ScalarKind.NativePointer)
                    sink.Report(DiagnosticCatalog.NativePointer, at,
                        $"field '{f.Name}' of {s.CKeyword} {s.Name} is a native pointer ({Sizes(f.Type.Scalar)}); carry user pointers as \"type\": \"ptr\" (__u64) and cast through uintptr_t");
                // A char array (char name[32]) is the same bytes on every ABI: the kernel's own uapi uses them for names.
                else if (f.Type.Kind == TypeKind.Scalar && !Scalars.IsFixedWidth(f.Type.Scalar) && !(f.Type.Scalar == ScalarKind.Char && f.Count > 0))
                    sink.Report(DiagnosticCatalog.NotFixedWidth, at,
                        $"field '{f.Name}' of {s.CKeyword} {s.Name} has native type {Scalars.CName(f.Type.Scalar)} ({Sizes(f.Type.Scalar)}); use a fixed-width type (u8…u64, s8…s64)");

                if (f.Type.Kind == TypeKind.Scalar && !f.Reserved && FlagsName.IsMatch(f.Name) && !Allowed(DiagnosticCatalog.UnmaskedFlags, fs, syntax))
                    sink.Report(DiagnosticCatalog.UnmaskedFlags, at,
                        $"field '{f.Name}' of {s.CKeyword} {s.Name} looks like flags but is a bare {f.Type.Name}; type it by a flag set so unknown bits are rejected (EINVAL) and can be given meaning later, or mark it reserved");
                if (!f.Reserved && ReservedName.IsMatch(f.Name) && !Allowed(DiagnosticCatalog.UncheckedReserved, fs, syntax))
                    sink.Report(DiagnosticCatalog.UncheckedReserved, fs.Name.Position,
                        $"field '{f.Name}' of {s.CKeyword} {s.Name} looks like padding or a reserved field; add \"reserved\": true so it must be zero (EINVAL otherwise) and can be used later");
                if (f.Type.Kind == TypeKind.UserPointer && f.LengthField.Length == 0 && !Allowed(DiagnosticCatalog.PointerWithoutLength, fs, syntax))
                    sink.Report(DiagnosticCatalog.PointerWithoutLength, at,
                        $"ptr field '{f.Name}' of {s.CKeyword} {s.Name} has no \"length\"; name the field that holds its size in bytes so callers and checked mode can bound it");
            }

            ReportHoles(s, syntax, sink);
            ReportLayoutDifferences(s, syntax, sink);
        }

        // Every ABI must see the same bytes; a difference means a compat ioctl (drm_ioc32.c) or a broken caller.
        private static void ReportLayoutDifferences(AbiStruct s, StructSyntax syntax, DiagnosticSink sink)
        {
            var reference = s.Layout(Arch.X86_64);
            var differing = Arches.All.Where(a => !s.SameLayoutOn(new[] { a })).ToList();
            if (differing.Count == 0) return;

            var sizes = differing.Where(a => s.Layout(a).Size != reference.Size).GroupBy(a => s.Layout(a).Size)
                .Select(g => $"{g.Key} on {Arches.Describe(g.ToList())}").ToList();
            string size = sizes.Count == 0
                ? $"{reference.Size} bytes on every ABI but its fields are placed differently"
                : $"{reference.Size} bytes on x86_64 but {string.Join(", ", sizes)}";
            var fields = new List<string>();
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var at = reference.Fields[i];
                var others = differing.Where(a => s.Layout(a).Fields[i].Offset != at.Offset || s.Layout(a).Fields[i].Size != at.Size)
                    .GroupBy(a => (s.Layout(a).Fields[i].Offset, s.Layout(a).Fields[i].Size))
                    .Select(g => $"{g.Key.Offset}+{g.Key.Size} on {Arches.Describe(g.ToList())}").ToList();
                if (others.Count > 0) fields.Add($"'{s.Fields[i].Name}' at {at.Offset}+{at.Size} on x86_64 vs {string.Join(", ", others)}");
            }
            string detail = fields.Count > 0 ? "; fields differ: " + string.Join("; ", fields) : "";
            sink.Report(DiagnosticCatalog.ArchMismatch, syntax.Name.Position,
                $"{s.CKeyword} {s.Name} is {size}{detail}; 32-bit programs on a 64-bit kernel and other architectures would need a compat ioctl. Use fixed-width types and explicit padding");
        }

        private static void ReportHoles(AbiStruct s, StructSyntax syntax, DiagnosticSink sink)
        {
            var x64 = s.Layout(Arch.X86_64);
            bool has64 = x64.Fields.Any(f => f.Align == 8);
            // The furthest member end: the last field's in a struct, the largest member's in a union.
            int end64 = x64.Fields.Count == 0 ? 0 : x64.Fields.Max(f => f.Offset + f.Size);
            bool reportedTail = false;
            if (has64 && end64 % 8 != 0)
            {
                reportedTail = true;
                var padded = Arches.All.GroupBy(a => s.Layout(a).Size).Select(g => $"{g.Key} bytes on {Arches.Describe(g.ToList())}");
                sink.Report(DiagnosticCatalog.SizeNotMultipleOf8, syntax.Name.Position,
                    $"{s.CKeyword} {s.Name} has a 64-bit member but its fields end at {end64}, so the compiler pads it to a size that depends on the ABI: {string.Join(", ", padded)}. Append explicit reserved fields totalling {Round8(end64) - end64} bytes ({PadHint(Round8(end64) - end64)})");
            }

            // One report per hole position, naming every ABI that has it, with the first such ABI's numbers.
            var holes = Arches.All.SelectMany(a => s.Layout(a).Holes.Select(h => (Arch: a, Hole: h)))
                .GroupBy(x => (x.Hole.AfterField, x.Hole.IsTail));
            foreach (var group in holes)
            {
                var hole = group.First().Hole;
                if (hole.IsTail && reportedTail) continue;
                string arch = Arches.Describe(group.Select(x => x.Arch).Distinct().ToList());
                if (hole.IsTail)
                {
                    sink.Report(DiagnosticCatalog.ImplicitHole, syntax.Name.Position, s.Kind == AggregateKind.Union
                        ? $"union {s.Name} ends with {hole.Size} bytes of implicit tail padding at offset {hole.Offset} on {arch}: no member covers them. Pad the largest member with an explicit reserved field, or add a reserved u8 member with \"count\": {hole.Offset + hole.Size}"
                        : $"struct {s.Name} ends with {hole.Size} bytes of implicit tail padding at offset {hole.Offset} on {arch}; append an explicit reserved field of {hole.Size} bytes");
                }
                else
                {
                    var next = syntax.Fields[hole.AfterField + 1];
                    sink.Report(DiagnosticCatalog.ImplicitHole, next.Name.Position,
                        $"{hole.Size}-byte hole before field '{next.Name.Value}' of struct {s.Name} at offset {hole.Offset} on {arch}: the compiler pads it silently and the kernel cannot check those bytes. Insert an explicit reserved field of {hole.Size} bytes before it");
                }
            }
        }

        public static void Ioctl(AbiIoctl io, IoctlSyntax syntax, AbiStruct? arg, DiagnosticSink sink)
        {
            // A struct argument's size difference is reported once, at the struct.
            // Codes are compared modulo each ABI's encoding: only the size field may not differ.
            int size = io.DecodedCode(Arch.X86_64).Size;
            var differing = Arches.All.Where(a => io.DecodedCode(a).Size != size).ToList();
            if (differing.Count > 0 && io.Arg.Kind != TypeKind.Struct)
                sink.Report(DiagnosticCatalog.ArchMismatch, syntax.Arg?.Position ?? syntax.Name.Position,
                    $"{io.CodeMacro} encodes as {io.DecodedCode(Arch.X86_64)} on x86_64 but "
                    + string.Join(", ", differing.GroupBy(a => io.DecodedCode(a).Size).Select(g => $"with size {g.Key} ({io.DecodedCode(g.First())}) on {Arches.Describe(g.ToList())}"))
                    + " because its argument's size differs; as with DMA_BUF_SET_NAME, 32-bit callers would send a code the driver does not know. Use a fixed-width argument");
            if (io.Arg.Kind == TypeKind.Scalar && io.Arg.Name.Length > 0 && !Scalars.IsFixedWidth(io.Arg.Scalar))
            {
                var d = io.Arg.Scalar == ScalarKind.NativePointer ? DiagnosticCatalog.NativePointer : DiagnosticCatalog.NotFixedWidth;
                sink.Report(d, syntax.Arg!.Value.Position, $"{io.Name}'s argument is the native type {Scalars.CName(io.Arg.Scalar)} ({Sizes(io.Arg.Scalar)}); use a fixed-width type, and carry user pointers as a __u64 inside a struct");
            }

            if (arg is not null)
            {
                bool copiesIn = (io.Direction & IoctlDirection.In) != 0;
                bool copiesOut = (io.Direction & IoctlDirection.Out) != 0;
                foreach (var f in arg.Fields)
                {
                    // An inout field may serve ioctls of either direction that share the struct
                    // (i915 SET_CACHING is _IOW, GET_CACHING _IOWR on one struct); only one-way fields constrain.
                    bool isIn = f.Direction == FieldDirection.In;
                    bool isOut = f.Direction == FieldDirection.Out;
                    if (isIn && !copiesIn && !f.Reserved)
                        sink.Report(DiagnosticCatalog.DirectionMismatch, syntax.Dir.Position,
                            $"{io.Name} is {io.Direction.MacroName()}, so the kernel never reads its argument, but field '{f.Name}' is an input; use \"dir\": \"inout\" or make the field \"out\"");
                    if (isOut && !copiesOut)
                        sink.Report(DiagnosticCatalog.DirectionMismatch, syntax.Dir.Position,
                            $"{io.Name} is {io.Direction.MacroName()}, so nothing is copied back, but field '{f.Name}' is an output; use \"dir\": \"inout\" or make the field \"in\"");
                }
                if (copiesOut && !arg.Fields.Any(f => f.Direction != FieldDirection.In) && !Allowed(DiagnosticCatalog.NeedlessOutDirection, syntax))
                    sink.Report(DiagnosticCatalog.NeedlessOutDirection, syntax.Dir.Position,
                        $"{io.Name} is {io.Direction.MacroName()} but struct {arg.Name} has no \"out\" or \"inout\" field; use \"dir\": \"in\" or mark the fields the kernel writes");
            }

            if (io.LegacyEncoding && !Allowed(DiagnosticCatalog.LegacyEncoding, syntax))
                sink.Report(DiagnosticCatalog.LegacyEncoding, syntax.Encoding!.Value.Position,
                    $"{io.Name} uses a legacy request code ({io.DecodedCode(Arch.X86_64)}) with no direction or size bits, so neither the kernel nor tools can check its argument; new ioctls use _IOR/_IOW/_IOWR");
            if ((io.Permissions & IoctlPermissions.Auth) != 0 && (io.Permissions & IoctlPermissions.RenderAllow) == 0 && !Allowed(DiagnosticCatalog.AuthWithoutRender, syntax))
                sink.Report(DiagnosticCatalog.AuthWithoutRender, syntax.Name.Position,
                    $"{io.Name} requires DRM_AUTH but not DRM_RENDER_ALLOW, so render nodes cannot use it; drm_ioctl.h says RENDER_ALLOW should always accompany AUTH for rendering ioctls");
        }

        private static bool Allowed(DiagnosticDescriptor d, DeclarationSyntax element, DeclarationSyntax? parent = null)
            => element.Allow.Ids.ContainsKey(d.Id) || (parent?.Allow.Ids.ContainsKey(d.Id) ?? false);

        private static string Sizes(ScalarKind kind)
        {
            var bySize = Arches.All.GroupBy(a => Scalars.Size(kind, a)).ToList();
            return bySize.Count == 1 ? $"{bySize[0].Key} bytes" : string.Join(", ", bySize.Select(g => $"{g.Key} bytes on {Arches.Describe(g.ToList())}"));
        }


        private static int Round8(int v) => (v + 7) / 8 * 8;

        private static string PadHint(int bytes) => bytes == 4 ? "e.g. a reserved u32 \"pad\"" : bytes == 2 ? "e.g. a reserved u16 \"pad\"" : $"e.g. a reserved u8 \"pad\" with \"count\": {bytes}";
    }
}
