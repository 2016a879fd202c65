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

        /// <summary>Compares every aggregate; returns the names of those that only grew by compatible appends (or did not change layout).</summary>
        public static HashSet<string> Compare(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            var olds = AggregatesOf(old).ToList();
            var news = AggregatesOf(now).ToList();
            var newByKey = Matching.ByName(news, a => a.Declaration);
            var oldByKey = Matching.ByName(olds, a => a.Declaration);
            var intact = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var o in olds)
            {
                if (!newByKey.TryGetValue(o.Declaration, out var n))
                {
                    sink.Report(ChangeCatalog.StructRemoved, o.Declaration, null, $"{o.Kind} removed");
                    continue;
                }
                int before = sink.BreakingCount;
                CompareOne(sink, o, n, old.Version);
                if (sink.BreakingCount == before) intact.Add(o.Name);
            }
            foreach (var n in news.Where(n => !oldByKey.ContainsKey(n.Declaration)))
            {
                sink.Report(ChangeCatalog.StructAdded, null, n.Declaration, $"{n.Kind} added ({n.Layouts[0].Size} bytes on x86_64)");
            }
            return intact;
        }

        private static void CompareOne(ChangeSink sink, Aggregate old, Aggregate now, int oldVersion)
        {
            string Member(string name) => $"{old.Declaration}.{name}";
            int breakingBefore = sink.BreakingCount;
            sink.CsName(old.Declaration, old.CsName, now.CsName);
            sink.Doc(old.Declaration, old.Doc, now.Doc);

            var oldIndex = old.Members.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, System.StringComparer.Ordinal);
            var newIndex = now.Members.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, System.StringComparer.Ordinal);

            var keptOldOrder = old.Members.Where(f => newIndex.ContainsKey(f.Name)).Select(f => f.Name).ToList();
            var keptNewOrder = now.Members.Where(f => oldIndex.ContainsKey(f.Name)).Select(f => f.Name).ToList();
            if (!keptOldOrder.SequenceEqual(keptNewOrder))
            {
                sink.Report(ChangeCatalog.FieldsReordered, old.Declaration, $"order ({string.Join(", ", keptOldOrder)}) → ({string.Join(", ", keptNewOrder)})");
            }

            foreach (var (o, i) in old.Members.Select((f, i) => (f, i)))
            {
                if (!newIndex.TryGetValue(o.Name, out int j))
                {
                    sink.Report(ChangeCatalog.FieldRemoved, Member(o.Name), null, $"field '{o.Name}' removed");
                    continue;
                }
                CompareMember(sink, Member(o.Name), o, now.Members[j], i, j, old.Layouts, now.Layouts);
            }

            // A new member is appended when no kept member follows it: old callers never see it and pass zero.
            int lastKept = now.Members.Select((f, i) => (f, i)).Where(p => oldIndex.ContainsKey(p.f.Name)).Select(p => p.i).DefaultIfEmpty(-1).Max();
            bool appended = false;
            foreach (var (n, j) in now.Members.Select((f, i) => (f, i)).Where(p => !oldIndex.ContainsKey(p.f.Name)))
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

        private static void CompareMember(ChangeSink sink, string declaration, AbiField o, AbiField n, int i, int j,
            IReadOnlyList<StructLayout> oldLayouts, IReadOnlyList<StructLayout> newLayouts)
        {
            if (!Matching.SameType(o.Type, n.Type)) sink.Report(ChangeCatalog.FieldRetyped, declaration, $"type {Matching.Show(o.Type)} → {Matching.Show(n.Type)}");
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
            sink.CsName(declaration, o.CsName, n.CsName);
            sink.Doc(declaration, o.Doc, n.Doc);
        }
    }
}
