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
            var semantics = io.Semantics.Select(x => _semantics.Resolve(x, name, structSymbol)).Where(x => x is not null).Select(x => x!).ToList();

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
            CheckFieldDirections(model, io, structSymbol);
            _index.Add(io, _sink.Items.Count);
            return model;
        }

        // One-way fields must agree with what the ioctl copies. An inout field may serve ioctls of either direction that
        // share the struct (i915 SET_CACHING is _IOW, GET_CACHING _IOWR on one struct); only one-way fields constrain.
        private void CheckFieldDirections(AbiIoctl io, IoctlSyntax syntax, AbiStruct? arg)
        {
            if (arg is null) return;
            bool copiesIn = (io.Direction & IoctlDirection.In) != 0;
            bool copiesOut = (io.Direction & IoctlDirection.Out) != 0;
            foreach (var f in arg.Fields)
            {
                if (f.Direction == FieldDirection.In && !copiesIn && !f.Reserved)
                    _sink.Report(DiagnosticCatalog.DirectionMismatch, syntax.Dir.Position,
                        $"{io.Name} is {io.Direction.MacroName()}, so the kernel never reads its argument, but field '{f.Name}' is an input; use \"dir\": \"inout\" or make the field \"out\"");
                if (f.Direction == FieldDirection.Out && !copiesOut)
                    _sink.Report(DiagnosticCatalog.DirectionMismatch, syntax.Dir.Position,
                        $"{io.Name} is {io.Direction.MacroName()}, so nothing is copied back, but field '{f.Name}' is an output; use \"dir\": \"inout\" or make the field \"in\"");
            }
        }

        private int ArgSize(TypeRef arg, Arch arch)
            => arg.Name.Length == 0 ? 0 : LayoutEngine.SizeOf(arg, arch, n => LayoutOf(n, arch)).Size;
    }
}
