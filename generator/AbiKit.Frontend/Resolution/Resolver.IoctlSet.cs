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
    // Checks over the set of ioctls: duplicates, older forms, size variants, number reuse.
    public sealed partial class Resolver
    {
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
