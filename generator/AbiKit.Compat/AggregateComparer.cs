using System.Collections.Generic;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Compat
{
    /// <summary>
    /// Compares aggregates member by member and layout by layout. Every aggregate kind is first seen as an
    /// <see cref="Aggregate"/> (members plus a layout per ABI), so a new kind (a union, say) needs only a conversion
    /// in <see cref="AggregatesOf"/> and, if its members do not follow one another, its own "appended" rule.
    /// </summary>
    internal static class AggregateComparer
    {
        /// <summary>An aggregate, seen uniformly.</summary>
        /// <param name="Kind">The keyword used in locations (<c>struct</c>).</param>
        /// <param name="Name">Spec name.</param>
        /// <param name="CsName">C# name.</param>
        /// <param name="Doc">Documentation.</param>
        /// <param name="Members">Members in order.</param>
        /// <param name="Layouts">Layout on each ABI, indexed by <see cref="Arch"/>.</param>
        internal sealed record Aggregate(string Kind, string Name, string CsName, string Doc, IReadOnlyList<AbiField> Members, IReadOnlyList<StructLayout> Layouts)
        {
            public string Declaration => Kind + " " + Name;
        }

        private static IEnumerable<Aggregate> AggregatesOf(AbiFamily family) =>
            // A union is keyed by its keyword too: turning a struct into a union (or back) removes one declaration
            // and adds another, which is breaking, as every member but the first moves to offset 0.
            family.Structs.Select(s => new Aggregate(s.CKeyword, s.Name, s.CsName, s.Doc, s.Fields, s.Layouts));

        /// <summary>Compares every aggregate.</summary>
        /// <returns>The names of aggregates that only grew by compatible appends (or did not change layout), and the
        /// aggregates renamed in place (old name → new name) so that uses of them are not reported as retyped.</returns>
        public static (HashSet<string> Intact, IReadOnlyDictionary<string, string> Renamed) Compare(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            var olds = AggregatesOf(old).ToList();
            var news = AggregatesOf(now).ToList();
            var newByKey = Matching.ByName(news, a => a.Declaration);
            var oldByKey = Matching.ByName(olds, a => a.Declaration);
            var renamed = RenamedAggregates(olds, news, oldByKey, newByKey);
            var renamedNames = renamed.ToDictionary(p => p.Key.Name, p => p.Value.Name, System.StringComparer.Ordinal);
            var intact = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var o in olds)
            {
                if (!newByKey.TryGetValue(o.Declaration, out var n))
                {
                    if (renamed.TryGetValue(o, out var heir))
                    {
                        sink.Report(ChangeCatalog.StructRenamed, o.Declaration, heir.Declaration,
                            $"'{o.Declaration}' is now '{heir.Declaration}' with the same members and layout on every ABI: binaries keep working, sources stop compiling");
                        CompareOne(sink, o, heir, old.Version, renamedNames, renamed: true);
                    }
                    else sink.Report(ChangeCatalog.StructRemoved, o.Declaration, null, $"{o.Kind} removed");
                    continue;
                }
                int before = sink.BreakingCount;
                CompareOne(sink, o, n, old.Version, renamedNames);
                if (sink.BreakingCount == before) intact.Add(o.Name);
            }
            var heirs = new HashSet<Aggregate>(renamed.Values);
            foreach (var n in news.Where(n => !oldByKey.ContainsKey(n.Declaration) && !heirs.Contains(n)))
            {
                sink.Report(ChangeCatalog.StructAdded, null, n.Declaration, $"{n.Kind} added ({n.Layouts[0].Size} bytes on x86_64)");
            }
            return (intact, renamedNames);
        }

        /// <summary>An aggregate gone and a new one of the same kind with the same members (names, types, counts) and the same
        /// layout on every ABI: a rename, not a removal and an addition.</summary>
        private static Dictionary<Aggregate, Aggregate> RenamedAggregates(List<Aggregate> olds, List<Aggregate> news,
            Dictionary<string, Aggregate> oldByKey, Dictionary<string, Aggregate> newByKey)
        {
            var renamed = new Dictionary<Aggregate, Aggregate>();
            var claimed = new HashSet<Aggregate>();
            foreach (var o in olds.Where(o => !newByKey.ContainsKey(o.Declaration)))
            {
                var heir = news.FirstOrDefault(n => !oldByKey.ContainsKey(n.Declaration) && !claimed.Contains(n) && n.Kind == o.Kind && SameShape(o, n));
                if (heir is null) continue;
                claimed.Add(heir);
                renamed[o] = heir;
            }
            return renamed;
        }

        private static bool SameShape(Aggregate a, Aggregate b) =>
            a.Members.Count == b.Members.Count
            && a.Members.Zip(b.Members, (x, y) => x.Name == y.Name && Matching.SameType(x.Type, y.Type) && x.Count == y.Count).All(same => same)
            && Arches.All.All(arch => SameLayout(a.Layouts[(int)arch], b.Layouts[(int)arch]));

        private static bool SameLayout(StructLayout a, StructLayout b) =>
            a.Size == b.Size && a.Align == b.Align && a.Fields.Count == b.Fields.Count
            && a.Fields.Zip(b.Fields, (x, y) => x.Offset == y.Offset && x.Size == y.Size).All(same => same);

        // renamed: the aggregate was renamed, so C# names derived from its name change with it, which the rename says.
        private static void CompareOne(ChangeSink sink, Aggregate old, Aggregate now, int oldVersion, IReadOnlyDictionary<string, string> renamedAggregates,
            bool renamed = false)
        {
            string Member(string name) => $"{old.Declaration}.{name}";
            string NewMember(string name) => $"{now.Declaration}.{name}";
            int breakingBefore = sink.BreakingCount;
            if (!renamed) sink.CsName(old.Declaration, old.CsName, now.CsName);
            sink.Doc(old.Declaration, old.Doc, now.Doc);

            var oldIndex = old.Members.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, System.StringComparer.Ordinal);
            var newIndex = now.Members.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, System.StringComparer.Ordinal);
            // Old member index → new member index, for kept and renamed members alike.
            var heirs = RenamedMembers(old, now, oldIndex, newIndex, renamedAggregates);
            foreach (var (o, i) in old.Members.Select((f, i) => (f, i)))
            {
                if (newIndex.TryGetValue(o.Name, out int j)) heirs[i] = j;
            }
            var isHeir = new HashSet<int>(heirs.Values);

            var keptOldOrder = old.Members.Select((f, i) => i).Where(heirs.ContainsKey).ToList();
            var keptNewOrder = keptOldOrder.Select(i => heirs[i]).ToList();
            if (keptNewOrder.Zip(keptNewOrder.Skip(1), (a, b) => a < b).Any(inOrder => !inOrder))
            {
                var newOrder = keptOldOrder.OrderBy(i => heirs[i]).Select(i => old.Members[i].Name);
                sink.Report(ChangeCatalog.FieldsReordered, old.Declaration,
                    $"order ({string.Join(", ", keptOldOrder.Select(i => old.Members[i].Name))}) → ({string.Join(", ", newOrder)})");
            }

            foreach (var (o, i) in old.Members.Select((f, i) => (f, i)))
            {
                if (!heirs.TryGetValue(i, out int j))
                {
                    sink.Report(ChangeCatalog.FieldRemoved, Member(o.Name), null, $"field '{o.Name}' removed");
                    continue;
                }
                var n = now.Members[j];
                if (n.Name != o.Name)
                {
                    sink.Report(ChangeCatalog.FieldRenamed, Member(o.Name), NewMember(n.Name),
                        $"field '{o.Name}' is now '{n.Name}' at the same offset with the same type on every ABI: binaries keep working, sources stop compiling");
                }
                CompareMember(sink, Member(o.Name), o, n, i, j, old.Layouts, now.Layouts, renamedAggregates, compareCsName: !renamed && n.Name == o.Name);
            }

            // A new member is appended when no kept member follows it: old callers never see it and pass zero.
            int lastKept = isHeir.DefaultIfEmpty(-1).Max();
            bool appended = false;
            foreach (var (n, j) in now.Members.Select((f, i) => (f, i)).Where(p => !isHeir.Contains(p.i)))
            {
                var at = now.Layouts[0].Fields[j];
                if (j < lastKept)
                {
                    sink.Report(ChangeCatalog.FieldInserted, null, Member(n.Name), $"field '{n.Name}' inserted at offset {at.Offset} (x86_64), before existing fields");
                }
                else if (n.Since > oldVersion)
                {
                    sink.Report(ChangeCatalog.FieldAppended, null, Member(n.Name), $"field '{n.Name}' appended at offset {at.Offset} (x86_64), since version {n.Since}: old callers pass zero");
                    appended = true;
                }
                else
                {
                    sink.Report(ChangeCatalog.FieldAppendedWithoutSince, null, Member(n.Name),
                        $"field '{n.Name}' appended with since {n.Since}, not newer than the old version {oldVersion}: declare when it appeared, and make its zero keep the old behaviour");
                }
            }
            // Growth is compatible only when compatible appends alone explain it.
            bool growthExplained = appended && sink.BreakingCount == breakingBefore;

            var shrunk = new List<(Arch, int, int)>();
            var changed = new List<(Arch, string, string)>();
            foreach (var arch in Arches.All)
            {
                var (o, n) = (old.Layouts[(int)arch], now.Layouts[(int)arch]);
                if (n.Size < o.Size) shrunk.Add((arch, o.Size, n.Size));
                else if ((n.Size != o.Size || n.Align != o.Align) && !growthExplained)
                {
                    changed.Add((arch, $"size {o.Size} align {o.Align}", $"size {n.Size} align {n.Align}"));
                }
            }
            if (shrunk.Count > 0) sink.Report(ChangeCatalog.StructShrunk, old.Declaration, "size " + Matching.PerArch(shrunk, s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (changed.Count > 0) sink.Report(ChangeCatalog.StructLayoutChanged, old.Declaration, Matching.PerArch(changed, s => s));
        }

        /// <summary>Old members gone whose place a new member of the same type and count takes, at the same offset and size on every
        /// ABI (whether reserved or not: a pad given a meaning and a name is the classic case): old index → new index.</summary>
        private static Dictionary<int, int> RenamedMembers(Aggregate old, Aggregate now, Dictionary<string, int> oldIndex, Dictionary<string, int> newIndex,
            IReadOnlyDictionary<string, string> renamedAggregates)
        {
            var heirs = new Dictionary<int, int>();
            var claimed = new HashSet<int>();
            foreach (var (o, i) in old.Members.Select((f, i) => (f, i)).Where(p => !newIndex.ContainsKey(p.f.Name)))
            {
                foreach (var (n, j) in now.Members.Select((f, j) => (f, j)))
                {
                    if (oldIndex.ContainsKey(n.Name) || claimed.Contains(j) || !Matching.SameType(o.Type, n.Type, renamedAggregates) || o.Count != n.Count) continue;
                    if (!Arches.All.All(a => old.Layouts[(int)a].Fields[i].Offset == now.Layouts[(int)a].Fields[j].Offset
                                          && old.Layouts[(int)a].Fields[i].Size == now.Layouts[(int)a].Fields[j].Size)) continue;
                    heirs[i] = j;
                    claimed.Add(j);
                    break;
                }
            }
            return heirs;
        }

        private static void CompareMember(ChangeSink sink, string declaration, AbiField o, AbiField n, int i, int j,
            IReadOnlyList<StructLayout> oldLayouts, IReadOnlyList<StructLayout> newLayouts, IReadOnlyDictionary<string, string> renamedAggregates, bool compareCsName)
        {
            if (!Matching.SameType(o.Type, n.Type, renamedAggregates)) sink.Report(ChangeCatalog.FieldRetyped, declaration, $"type {Matching.Show(o.Type)} → {Matching.Show(n.Type)}");
            if (o.Count != n.Count) sink.Report(ChangeCatalog.FieldResized, declaration, $"element count {o.Count} → {n.Count}");
            else
            {
                var resized = Arches.All.Select(a => (a, oldLayouts[(int)a].Fields[i].Size, newLayouts[(int)a].Fields[j].Size)).Where(d => d.Item2 != d.Item3).ToList();
                if (resized.Count > 0) sink.Report(ChangeCatalog.FieldResized, declaration, "size " + Matching.PerArch(resized, s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            var moved = Arches.All.Select(a => (a, oldLayouts[(int)a].Fields[i].Offset, newLayouts[(int)a].Fields[j].Offset)).Where(d => d.Item2 != d.Item3).ToList();
            if (moved.Count > 0) sink.Report(ChangeCatalog.FieldMoved, declaration, "offset " + Matching.PerArch(moved, s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (o.Reserved && !n.Reserved) sink.Report(ChangeCatalog.ReservedDropped, declaration, "no longer reserved: old callers may have left garbage where zero was required, or rely on the kernel rejecting non-zero");
            if (!o.Reserved && n.Reserved) sink.Report(ChangeCatalog.BecameReserved, declaration, "now reserved: callers that set it are rejected");
            if (o.Direction != n.Direction) sink.Report(ChangeCatalog.FieldDirectionChanged, declaration, $"direction {o.Direction} → {n.Direction}");
            if (o.LengthField != n.LengthField) sink.Report(ChangeCatalog.LengthFieldChanged, declaration, $"length field '{o.LengthField}' → '{n.LengthField}'");
            if (compareCsName) sink.CsName(declaration, o.CsName, n.CsName);
            sink.Doc(declaration, o.Doc, n.Doc);
        }
    }
}
