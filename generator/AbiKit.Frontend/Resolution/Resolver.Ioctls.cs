using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Ioctls: numbers, directions, request codes on every ABI, permissions, semantics, and the checks over the set.
    public sealed partial class Resolver
    {
        private AbiIoctl? ResolveIoctl(IoctlSyntax io, IoctlFamily family)
        {
            string name = io.Name.Value;
            var dir = Vocabulary.IoctlDirections.ValueOf(io.Dir.Value, IoctlDirection.None);

            TypeRef? arg = null;
            if (dir == IoctlDirection.None)
            {
                if (io.Arg is { } a)
                    _sink.Report(DiagnosticCatalog.DirectionMismatch, a.Position, $"{name} is _IO (dir \"none\") and copies nothing, so it cannot have an argument; drop 'arg' or give a direction");
            }
            else if (io.Arg is { } a)
            {
                arg = ResolveType(a, $"ioctl {name}");
                if (arg is null) return null;
            }
            else
            {
                _sink.Report(DiagnosticCatalog.MissingKey, io.Name.Position, $"ioctl {name} has direction \"{io.Dir.Value}\" and needs 'arg' (its argument type)");
                return null;
            }
            arg ??= new TypeRef(TypeKind.Scalar, ScalarKind.U8, "", "", "", "", "");

            BigInteger rel = io.Nr.Value;
            bool inRange = family.Style switch
            {
                IoctlStyle.DrmDriver => rel >= 0 && rel < 0x60,
                IoctlStyle.DrmCore => rel >= 0 && rel <= 0xFF && (rel < 0x40 || rel >= 0xA0),
                _ => rel >= 0 && rel <= 0xFF,
            };
            if (!inRange)
            {
                string range = family.Style switch
                {
                    IoctlStyle.DrmDriver => "0x00-0x5f (added to DRM_COMMAND_BASE 0x40, the driver range 0x40-0x9f)",
                    IoctlStyle.DrmCore => "0x00-0x3f or 0xa0-0xff (0x40-0x9f belongs to drivers)",
                    _ => "0x00-0xff",
                };
                _sink.Report(DiagnosticCatalog.NumberOutOfRange, io.Nr.Position, $"{name} has number 0x{rel:x}; this family's numbers must be in {range}");
                return null;
            }
            int relative = (int)rel;
            int nr = relative + family.CommandBase;

            bool legacy = io.Encoding?.Value == "legacy";
            var codeDir = legacy ? IoctlDirection.None : dir;
            var codes = new uint[Arches.All.Count];
            var tooLarge = new List<(Arch Arch, int Size)>();
            foreach (var arch in Arches.All)
            {
                var encoding = arch.IoctlEncoding();
                int size = dir == IoctlDirection.None || legacy ? 0 : ArgSize(arg, arch);
                if (legacy) codes[(int)arch] = IoctlCode.Legacy(family.Type, (byte)nr, encoding).Value;
                else if (IoctlCode.TryEncode(encoding, codeDir, family.Type, (byte)nr, size, out var code)) codes[(int)arch] = code.Value;
                else tooLarge.Add((arch, size));
            }
            if (tooLarge.Count > 0)
            {
                var limits = tooLarge.Select(t => t.Arch.IoctlEncoding()).Distinct()
                    .Select(e => $"{e.MaxSize()} bytes ({e.SizeBits()} size bits) on {Arches.Describe(Arches.All.Where(a => a.IoctlEncoding() == e).ToList())}");
                _sink.Report(DiagnosticCatalog.ArgumentTooLarge, io.Arg?.Position ?? io.Name.Position,
                    $"{name}'s argument is {tooLarge.Max(t => t.Size)} bytes; a request code carries at most {string.Join(" and ", limits)}: pass a ptr to a separate buffer instead");
                return null;
            }
            CheckSince(io.Since);

            if (family.Style == IoctlStyle.Generic && io.Permissions.Count > 0)
                _sink.Report(DiagnosticCatalog.InvalidValue, io.Permissions[0].Position, $"{name} lists DRM permissions, but this family's ioctl style is \"generic\"; permissions are drm_ioctl_permit() flags and apply only to drm-core and drm-driver families");
            var permissions = IoctlPermissions.None;
            foreach (var p in io.Permissions)
            {
                permissions |= Vocabulary.Permissions.ValueOf(p.Value, IoctlPermissions.None);
            }

            var structSymbol = arg.Kind == TypeKind.Struct && _symbols.TryGet(arg.Name, out var s) ? s.Struct : null;
            var semantics = io.Semantics.Select(x => ResolveSemantic(x, name, structSymbol)).Where(x => x is not null).Select(x => x!).ToList();

            var model = new AbiIoctl(
                name,
                io.CsName ?? Naming.Pascal(name),
                io.Code ?? family.CodePrefix + name,
                family.NrPrefix.Length > 0 ? family.NrPrefix + name : "",
                relative,
                nr,
                dir,
                arg,
                codes.ToEquatableArray(),
                permissions,
                io.Since?.Value ?? 1,
                io.Deprecated ?? "",
                io.OlderFormOf?.Value ?? "",
                semantics.ToEquatableArray(),
                io.Doc,
                legacy,
                io.LinuxDifferences.Select(d => new LinuxDifference(d.Case.Value, d.AbiKit, d.Reason)).ToEquatableArray(),
                io.SizeVariantOf?.Value ?? "",
                io.Returns?.Value switch { "fd" => IoctlReturn.FileDescriptor, "value" => IoctlReturn.Value, _ => IoctlReturn.Zero });
            Lint.Ioctl(model, io, structSymbol, _sink);
            return model;
        }

        private int ArgSize(TypeRef arg, Arch arch)
            => arg.Name.Length == 0 ? 0 : LayoutEngine.SizeOf(arg, arch, n => LayoutOf(n, arch)).Size;

        private AbiSemantic? ResolveSemantic(SemanticSyntax s, string ioctl, AbiStruct? arg)
        {
            if (Vocabulary.Effects.Find(s.Effect.Value) is not { } term) return null; // the reader reported it
            var effect = term.Value;
            int errorsBefore = _sink.Items.Count(d => d.Severity == Severity.Error);
            FieldPath? objectPath = null;
            // Fields are named by paths through members (out.handle in a union argument); each path's direction
            // is what every member on it allows: the kernel reads it only if none is "out", writes it only if none is "in".
            AbiField? Field(Located<string>? reference, string role)
            {
                if (reference is not { } r) return null;
                if (arg is null)
                {
                    _sink.Report(DiagnosticCatalog.InvalidSemantics, r.Position, $"{ioctl}'s argument is not a struct, so {role} '{r.Value}' cannot name a field");
                    return null;
                }
                var (field, error) = FieldPaths.Find(arg, r.Value, n => _symbols.TryGet(n, out var sym) ? sym.Struct : null);
                if (field is null)
                {
                    _sink.Report(DiagnosticCatalog.InvalidSemantics, r.Position, $"{role} '{r.Value}' {error}");
                    return null;
                }
                if (role == "object") objectPath = field;
                return field.Field;
            }
            void Require(bool condition, Located<string>? at, string message)
            {
                if (!condition) _sink.Report(DiagnosticCatalog.InvalidSemantics, at?.Position ?? s.Position, message);
            }

            var obj = Field(s.Object, "object");
            if (obj is not null)
            {
                Require(obj.Type.Kind == TypeKind.Handle, s.Object, $"object '{obj.Name}' must be typed by a handle kind (it names the object), not {obj.Type.Name}");
                if (term.ProducesObject)
                    Require(objectPath!.CanWrite, s.Object, $"'{s.Effect.Value}' returns the new handle in '{s.Object!.Value.Value}', so that field (and every member on its path) must be \"out\" or \"inout\"");
                else
                    Require(objectPath!.CanRead, s.Object, $"'{s.Effect.Value}' takes the object from '{s.Object!.Value.Value}', so that field (and every member on its path) must be \"in\" or \"inout\"");
            }
            else if (s.Object is null && term.ProducesObject)
            {
                Require(false, null, $"'{s.Effect.Value}' needs 'object': the out field that receives the new handle");
            }

            var access = Field(s.Access, "access");
            if (access is not null)
                Require(access.Type.Kind == TypeKind.Flags && _symbols.TryGet(access.Type.Name, out var set) && set.FlagSet!.Flags.Any(f => f.Access != CpuAccess.None),
                    s.Access, $"access field '{access.Name}' must be typed by a flag set whose flags carry \"access\": \"read\"/\"write\"");
            Field(s.ReadAccess, "readAccess");
            Field(s.WriteAccess, "writeAccess");
            // Ending may be direction-less (i915 SW_FINISH); beginning must say read or write.
            if (term.RequiresDirection && s.Access is null && s.ReadAccess is null && s.WriteAccess is null)
                Require(false, null, $"'{term.Spec}' needs the access direction: 'access' (a flags field) or 'readAccess'/'writeAccess'");

            var whenField = Field(s.WhenField, "when.field");
            if (whenField is not null && s.WhenFlag is { } whenFlag)
            {
                bool known = whenField.Type.Kind == TypeKind.Flags && _symbols.TryGet(whenField.Type.Name, out var wset) && wset.FlagSet!.Flags.Any(f => f.Name == whenFlag.Value);
                Require(known, s.WhenFlag, $"when.flag '{whenFlag.Value}' is not a flag of field '{whenField.Name}''s flag set");
            }

            var pointer = Field(s.Pointer, "pointer");
            if (pointer is not null) Require(pointer.Type.Kind == TypeKind.UserPointer, s.Pointer, $"pointer '{pointer.Name}' must be a ptr field");
            var size = Field(s.Size, "size");
            if (size is not null) Require(size.Type.Kind == TypeKind.Scalar && !Scalars.IsSigned(size.Type.Scalar), s.Size, $"size '{size.Name}' must be an unsigned scalar");
            if (term.RequiresUserRange)
                Require(s.Pointer is not null && s.Size is not null, null, $"'{term.Spec}' needs 'pointer' and 'size' (the ptr and length fields of the user range)");
            if (s.ReadOnlyFlag is { } ro)
            {
                bool known = arg is not null && arg.Fields.Any(f => f.Type.Kind == TypeKind.Flags && _symbols.TryGet(f.Type.Name, out var rs) && rs.FlagSet!.Flags.Any(x => x.Name == ro.Value));
                Require(known, ro, $"readOnlyFlag '{ro.Value}' is not a flag of any flags field of {ioctl}'s argument");
            }

            if (_sink.Items.Count(d => d.Severity == Severity.Error) > errorsBefore) return null;
            return new AbiSemantic(effect, s.Object?.Value ?? "", s.Access?.Value ?? "", s.ReadAccess?.Value ?? "", s.WriteAccess?.Value ?? "",
                s.WhenField?.Value ?? "", s.WhenFlag?.Value ?? "", s.WhenSet, s.Pointer?.Value ?? "", s.Size?.Value ?? "", s.ReadOnlyFlag?.Value ?? "");
        }

        private void ValidateIoctlSet(List<(AbiIoctl Model, IoctlSyntax Syntax)> ioctls)
        {
            var byName = new Dictionary<string, (AbiIoctl Model, IoctlSyntax Syntax)>(StringComparer.Ordinal);
            foreach (var io in ioctls)
            {
                if (byName.ContainsKey(io.Model.Name))
                    _sink.Report(DiagnosticCatalog.DuplicateName, io.Syntax.Name.Position, $"ioctl {io.Model.Name} is declared twice");
                else
                    byName[io.Model.Name] = io;
            }

            foreach (var io in ioctls)
            {
                if (io.Syntax.OlderFormOf is not { } older) continue;
                if (!byName.TryGetValue(older.Value, out var newer))
                {
                    _sink.Report(DiagnosticCatalog.InvalidOlderForm, older.Position, $"olderFormOf names '{older.Value}', which is not an ioctl of this family");
                    continue;
                }
                ValidateOlderForm(io.Model, newer.Model, older.Position);
            }
            foreach (var io in ioctls)
            {
                if (io.Syntax.SizeVariantOf is not { } variant) continue;
                if (!byName.TryGetValue(variant.Value, out var other))
                    _sink.Report(DiagnosticCatalog.NumberCollision, variant.Position, $"sizeVariantOf names '{variant.Value}', which is not an ioctl of this family");
                else
                    ValidateSizeVariant(io.Model, other.Model, variant.Position);
            }

            var seen = new Dictionary<int, AbiIoctl>();
            foreach (var io in ioctls)
            {
                if (!seen.TryGetValue(io.Model.Nr, out var first))
                {
                    seen[io.Model.Nr] = io.Model;
                    continue;
                }
                bool declared = io.Model.OlderFormOf == first.Name || first.OlderFormOf == io.Model.Name
                    || io.Model.SizeVariantOf.Length > 0 || first.SizeVariantOf.Length > 0; // checked by ValidateSizeVariant
                if (!declared)
                    _sink.Report(DiagnosticCatalog.NumberCollision, io.Syntax.Nr.Position,
                        $"{io.Model.Name} reuses number 0x{io.Model.RelativeNr:x} of {first.Name}; numbers are never reused (dispatch is by number). Pick a free number, or mark an older, shorter form with \"olderFormOf\"");
            }
        }

        // Two request codes on one number that differ only in the argument's size (DMA_BUF_SET_NAME_A/_B): the codes
        // differ, so an ordinary driver's switch on the whole code tells them apart; DRM dispatches by number and cannot.
        private void ValidateSizeVariant(AbiIoctl variant, AbiIoctl of, SourcePosition at)
        {
            string Fail(string why) => $"{variant.Name} cannot be a size variant of {of.Name}: {why}";
            string? why = null;
            if (of.SizeVariantOf.Length > 0) why = $"{of.Name} is itself a size variant; name the first form, {of.SizeVariantOf}";
            else if (variant.Nr != of.Nr) why = $"it must share the number (0x{variant.RelativeNr:x} vs 0x{of.RelativeNr:x})";
            else if (variant.Direction != of.Direction || variant.LegacyEncoding || of.LegacyEncoding) why = "it must have the same direction (and _IOC encoding): only the size may differ";
            else if (_spec.Ioctl.Style.Value != "generic") why = "DRM dispatches by number alone (drm_ioctl()), so two codes on one number reach one handler; use olderFormOf for a grown struct";
            else if (Arches.All.Any(a => variant.Code(a) == of.Code(a))) why = $"the arguments have the same size ({ArgSize(variant.Arg, Arch.X86_64)} bytes), so the request codes are identical";
            if (why is not null) _sink.Report(DiagnosticCatalog.NumberCollision, at, Fail(why));
        }

        private void ValidateOlderForm(AbiIoctl older, AbiIoctl newer, SourcePosition at)
        {
            string Fail(string why) => $"{older.Name} cannot be an older form of {newer.Name}: {why}";
            if (older.Nr != newer.Nr)
            {
                _sink.Report(DiagnosticCatalog.InvalidOlderForm, at, Fail($"it must share the number (0x{older.RelativeNr:x} vs 0x{newer.RelativeNr:x})"));
                return;
            }
            if (!_symbols.TryGet(older.Arg.Name, out var o) || o.Struct is null || !_symbols.TryGet(newer.Arg.Name, out var n) || n.Struct is null)
            {
                _sink.Report(DiagnosticCatalog.InvalidOlderForm, at, Fail("both arguments must be structs"));
                return;
            }
            var os = o.Struct;
            var ns = n.Struct;
            if (os.Layout(Arch.X86_64).Size >= ns.Layout(Arch.X86_64).Size)
            {
                _sink.Report(DiagnosticCatalog.InvalidOlderForm, at, Fail($"its struct must be shorter ({os.Layout(Arch.X86_64).Size} >= {ns.Layout(Arch.X86_64).Size} bytes)"));
                return;
            }
            for (int i = 0; i < os.Fields.Count; i++)
            {
                var of = os.Layout(Arch.X86_64).Fields[i];
                var nf = i < ns.Fields.Count ? ns.Layout(Arch.X86_64).Fields[i] : null;
                if (nf is null || of.Offset != nf.Offset || of.Size != nf.Size || os.Fields[i].Name != ns.Fields[i].Name)
                {
                    _sink.Report(DiagnosticCatalog.InvalidOlderForm, at,
                        Fail($"field '{os.Fields[i].Name}' (offset {of.Offset}, size {of.Size}) is not at the same place in {ns.Name}; the newer struct must extend the older one by appending"));
                    return;
                }
            }
        }
    }
}
