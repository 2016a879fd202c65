using System.Collections.Generic;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Compat
{
    /// <summary>Compares ioctls: number, direction, argument, request code per ABI, permissions and semantics.</summary>
    internal static class IoctlComparer
    {
        /// <param name="sink">Where changes go.</param>
        /// <param name="old">The old family.</param>
        /// <param name="now">The new family.</param>
        /// <param name="intactAggregates">Aggregates without breaking changes (grown, if at all, by compatible appends).</param>
        /// <param name="renamedAggregates">Aggregates renamed in place (reported once, where they are declared).</param>
        public static void Compare(ChangeSink sink, AbiFamily old, AbiFamily now, HashSet<string> intactAggregates, IReadOnlyDictionary<string, string> renamedAggregates)
        {
            var olds = Matching.ByName(old.Ioctls, i => i.Name);
            var news = Matching.ByName(now.Ioctls, i => i.Name);
            var renamedTo = new HashSet<string>(System.StringComparer.Ordinal);
            bool drm = now.Ioctl.Style != IoctlStyle.Generic;
            foreach (var o in old.Ioctls)
            {
                string declaration = "ioctl " + o.Name;
                if (news.TryGetValue(o.Name, out var n))
                {
                    CompareOne(sink, declaration, o, n, drm, intactAggregates, renamedAggregates);
                    continue;
                }
                var heir = now.Ioctls.FirstOrDefault(i => !olds.ContainsKey(i.Name) && !renamedTo.Contains(i.Name) && i.Codes.SequenceEqual(o.Codes));
                if (heir is not null)
                {
                    renamedTo.Add(heir.Name);
                    sink.Report(ChangeCatalog.IoctlRenamed, declaration, "ioctl " + heir.Name,
                        $"'{o.CodeMacro}' is now '{heir.CodeMacro}' with the same request codes: binaries keep working, sources stop compiling");
                }
                else sink.Report(ChangeCatalog.IoctlRemoved, declaration, null, $"'{o.CodeMacro}' ({o.Code(Arch.X86_64):X8} on x86_64) removed: old binaries get an error");
            }
            foreach (var n in now.Ioctls.Where(i => !olds.ContainsKey(i.Name) && !renamedTo.Contains(i.Name)))
            {
                sink.Report(ChangeCatalog.IoctlAdded, null, "ioctl " + n.Name, $"'{n.CodeMacro}' added (0x{n.Code(Arch.X86_64):X8} on x86_64)");
            }
        }

        private static void CompareOne(ChangeSink sink, string declaration, AbiIoctl o, AbiIoctl n, bool drm, HashSet<string> intactAggregates,
            IReadOnlyDictionary<string, string> renamedAggregates)
        {
            if (o.Nr != n.Nr) sink.Report(ChangeCatalog.IoctlRenumbered, declaration, $"number 0x{o.Nr:X2} → 0x{n.Nr:X2}");
            if (o.Direction != n.Direction) sink.Report(ChangeCatalog.IoctlDirectionChanged, declaration, $"direction {o.Direction.MacroName()} → {n.Direction.MacroName()}");
            bool sameArg = Matching.SameType(o.Arg, n.Arg, renamedAggregates);
            if (!sameArg) sink.Report(ChangeCatalog.IoctlArgumentChanged, declaration, $"argument {Matching.Show(o.Arg)} → {Matching.Show(n.Arg)}");
            CompareCodes(sink, declaration, o, n, drm && sameArg && o.Arg.Kind == TypeKind.Struct && intactAggregates.Contains(o.Arg.Name));
            ComparePermissions(sink, declaration, o.Permissions, n.Permissions);
            CompareSemantics(sink, declaration, o.Semantics, n.Semantics);
            if (o.Deprecated.Length == 0 && n.Deprecated.Length > 0) sink.Report(ChangeCatalog.IoctlDeprecated, declaration, "deprecated: " + n.Deprecated);
            else if (o.Deprecated != n.Deprecated) sink.Report(ChangeCatalog.DocChanged, declaration, "deprecation note changed");
            if (!o.LinuxDifferences.SequenceEqual(n.LinuxDifferences)) sink.Report(ChangeCatalog.LinuxDifferencesChanged, declaration, "recorded differences from Linux changed");
            sink.CsName(declaration, o.CsName, n.CsName);
            sink.Doc(declaration, o.Doc, n.Doc);
        }

        // grewCompatibly: the argument is the same struct, grown (if at all) by compatible appends, and drm_ioctl
        // dispatches by number and zero-extends a shorter argument: a size-only change of the code is then compatible.
        private static void CompareCodes(ChangeSink sink, string declaration, AbiIoctl o, AbiIoctl n, bool grewCompatibly)
        {
            var differ = Arches.All.Where(a => o.Code(a) != n.Code(a)).ToList();
            if (differ.Count == 0) return;
            bool sizeOnly = differ.All(a =>
            {
                var (oc, nc) = (o.DecodedCode(a), n.DecodedCode(a));
                return oc.Nr == nc.Nr && oc.Type == nc.Type && oc.Direction == nc.Direction && nc.Size > oc.Size;
            });
            var descriptor = sizeOnly && grewCompatibly && !o.LegacyEncoding && !n.LegacyEncoding ? ChangeCatalog.RequestCodeGrew : ChangeCatalog.RequestCodeChanged;
            sink.Report(descriptor, declaration, "request code " + Matching.PerArch(differ.Select(a => (a, o.Code(a), n.Code(a))), c => "0x" + c.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Which way a flag breaks callers is the vocabulary's (PermissionTerm.Restricts): adding a restricting flag or
        // removing a granting one (DRM_RENDER_ALLOW) tightens; the reverse loosens.
        private static void ComparePermissions(ChangeSink sink, string declaration, IoctlPermissions o, IoctlPermissions n)
        {
            var (restricting, granting) = (Vocabulary.RestrictingPermissions, Vocabulary.GrantingPermissions);
            var added = n & ~o;
            var removed = o & ~n;
            var tightened = (added & restricting) | (removed & granting);
            var loosened = (removed & restricting) | (added & granting);
            if (tightened != 0) sink.Report(ChangeCatalog.PermissionsTightened, declaration, $"permissions {o} → {n}: callers allowed before are refused ({Describe(added & restricting, removed & granting)})");
            if (loosened != 0) sink.Report(ChangeCatalog.PermissionsLoosened, declaration, $"permissions {o} → {n}");
        }

        private static string Describe(IoctlPermissions addedRestrictions, IoctlPermissions removedGrants)
        {
            var parts = new List<string>();
            if (addedRestrictions != 0) parts.Add("now requires " + addedRestrictions);
            if ((removedGrants & IoctlPermissions.RenderAllow) != 0) parts.Add("no longer allowed on render nodes");
            if ((removedGrants & ~IoctlPermissions.RenderAllow) != 0) parts.Add("no longer granted " + (removedGrants & ~IoctlPermissions.RenderAllow));
            return string.Join(", ", parts);
        }

        private static void CompareSemantics(ChangeSink sink, string declaration, IReadOnlyList<AbiSemantic> o, IReadOnlyList<AbiSemantic> n)
        {
            var remaining = n.ToList();
            foreach (var s in o)
            {
                int k = remaining.IndexOf(s);
                if (k >= 0) remaining.RemoveAt(k);
                else sink.Report(ChangeCatalog.SemanticEffectRemoved, declaration, $"no longer {Show(s)}: callers relying on it must change");
            }
            foreach (var s in remaining) sink.Report(ChangeCatalog.SemanticEffectAdded, declaration, $"now {Show(s)}: callers must account for it");
        }

        private static string Show(AbiSemantic s) =>
            s.Effect + (s.Object.Length > 0 ? $" ({s.Object})" : "") + (s.WhenField.Length > 0 ? $" when {s.WhenField} has {s.WhenFlag} {(s.WhenSet ? "set" : "clear")}" : "");
    }
}
