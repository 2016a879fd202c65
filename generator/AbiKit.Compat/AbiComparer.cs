using System.Collections.Generic;
using AbiKit.Model;

namespace AbiKit.Compat
{
    /// <summary>
    /// Compares two laid-out versions of one ABI family and reports every change (see <see cref="ChangeCatalog"/>).
    /// Works on the model only: layouts and request codes come from the front end, nothing is recomputed.
    /// </summary>
    public static class AbiComparer
    {
        /// <summary>Compares <paramref name="oldFamily"/> (at <paramref name="oldPath"/>) with <paramref name="newFamily"/>.</summary>
        /// <param name="oldFamily">The old version.</param>
        /// <param name="newFamily">The new version.</param>
        /// <param name="oldPath">The old spec's path, for locations.</param>
        /// <param name="newPath">The new spec's path.</param>
        /// <param name="locateOld">Finds line and column of a declaration in the old spec; null: locations name the declaration only.</param>
        /// <param name="locateNew">The same in the new spec.</param>
        public static CompatReport Compare(AbiFamily oldFamily, AbiFamily newFamily, string oldPath = "old", string newPath = "new",
            DeclarationLocator? locateOld = null, DeclarationLocator? locateNew = null)
        {
            var sink = new ChangeSink(oldPath, newPath, locateOld, locateNew);
            CompareFamily(sink, oldFamily, newFamily);
            ValueSetComparer.Compare(sink, oldFamily, newFamily);
            ConstantComparer.Compare(sink, oldFamily, newFamily);
            CompareHandles(sink, oldFamily.Handles, newFamily.Handles);
            var (grownCompatibly, renamed) = AggregateComparer.Compare(sink, oldFamily, newFamily);
            IoctlComparer.Compare(sink, oldFamily, newFamily, grownCompatibly, renamed);
            return new CompatReport(oldPath, newPath, sink.Items);
        }

        private static void CompareFamily(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            string declaration = "family " + now.Family;
            if (old.Family != now.Family) sink.Report(ChangeCatalog.FamilyRenumbered, "family " + old.Family, declaration, $"family id '{old.Family}' → '{now.Family}': these are different families");
            var (o, n) = (old.Ioctl, now.Ioctl);
            if (o.Style != n.Style || o.Type != n.Type || o.CommandBase != n.CommandBase)
            {
                sink.Report(ChangeCatalog.FamilyRenumbered, declaration,
                    $"ioctl numbering {o.Style} type 0x{o.Type:X2} base 0x{o.CommandBase:X} → {n.Style} type 0x{n.Type:X2} base 0x{n.CommandBase:X}: every request code changes");
            }
            if (old.Version != now.Version) sink.Report(ChangeCatalog.VersionChanged, declaration, $"version {old.Version} → {now.Version}");
            sink.Doc(declaration, old.Doc, now.Doc);
        }

        private static void CompareHandles(ChangeSink sink, IEnumerable<AbiHandle> oldHandles, IEnumerable<AbiHandle> newHandles)
        {
            var olds = Matching.ByName(oldHandles, h => h.Name);
            var news = Matching.ByName(newHandles, h => h.Name);
            foreach (var old in oldHandles)
            {
                string declaration = "handle " + old.Name;
                if (!news.TryGetValue(old.Name, out var now))
                {
                    sink.Report(ChangeCatalog.HandleRemoved, declaration, null, "handle kind removed");
                    continue;
                }
                if (old.Base != now.Base) sink.Report(ChangeCatalog.HandleChanged, declaration, $"carried as {Scalars.CName(old.Base)} → {Scalars.CName(now.Base)}");
                if (old.Scope != now.Scope) sink.Report(ChangeCatalog.HandleChanged, declaration, $"scope {old.Scope} → {now.Scope}");
                if (old.ReleasedBy != now.ReleasedBy) sink.Report(ChangeCatalog.HandleChanged, declaration, $"released by '{old.ReleasedBy}' → '{now.ReleasedBy}'");
                sink.CsName(declaration, old.CsName, now.CsName);
                sink.Doc(declaration, old.Doc, now.Doc);
            }
            foreach (var now in newHandles)
            {
                if (!olds.ContainsKey(now.Name)) sink.Report(ChangeCatalog.HandleAdded, null, "handle " + now.Name, "handle kind added");
            }
        }
    }
}
