using System.Collections.Generic;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Compat
{
    /// <summary>Compares enums and flag sets: both are named values carried as a scalar, so one comparison serves both.</summary>
    internal static class ValueSetComparer
    {
        /// <summary>An enum or a flag set, seen uniformly.</summary>
        private sealed record ValueSet(string Kind, string Name, string CsName, ScalarKind Base, string Doc, ulong? Mask, IReadOnlyList<Value> Values);

        /// <summary>One enum value or flag; enum values are compared as raw bits.</summary>
        private sealed record Value(string Name, string CsName, ulong Bits, CpuAccess Access, string Doc);

        public static void Compare(ChangeSink sink, AbiFamily old, AbiFamily now)
        {
            CompareAll(sink, old.Enums.Select(FromEnum).ToList(), now.Enums.Select(FromEnum).ToList());
            CompareAll(sink, old.FlagSets.Select(FromFlags).ToList(), now.FlagSets.Select(FromFlags).ToList());
            // A multi-bit field of a flags word is an enum living in its bits: the same rules (a value removed, moved,
            // renamed or reused breaks; the bits narrowed break; a value added is compatible), under its own name.
            CompareAll(sink, old.FlagSets.SelectMany(FieldsOf).ToList(), now.FlagSets.SelectMany(FieldsOf).ToList());
        }

        private static IEnumerable<ValueSet> FieldsOf(AbiFlagSet f) =>
            f.Fields.Select(x => new ValueSet("flag field", $"{f.Name}.{x.Name}", x.CsName, f.Base, x.Doc, x.Bits,
                x.Values.Select(v => new Value(v.Name, v.CsName, v.Value, CpuAccess.None, v.Doc)).ToList()));

        private static ValueSet FromEnum(AbiEnum e) =>
            new("enum", e.Name, e.CsName, e.Base, e.Doc, null, e.Values.Select(v => new Value(v.Name, v.CsName, unchecked((ulong)v.Value), CpuAccess.None, v.Doc)).ToList());

        private static ValueSet FromFlags(AbiFlagSet f) =>
            new("flags", f.Name, f.CsName, f.Base, f.Doc, f.Mask, f.Flags.Select(v => new Value(v.Name, v.CsName, v.Value, v.Access, v.Doc)).ToList());

        private static void CompareAll(ChangeSink sink, List<ValueSet> olds, List<ValueSet> news)
        {
            var newByName = Matching.ByName(news, s => s.Name);
            var oldByName = Matching.ByName(olds, s => s.Name);
            foreach (var old in olds)
            {
                if (newByName.TryGetValue(old.Name, out var now)) CompareSet(sink, old, now);
                else sink.Report(ChangeCatalog.ValueSetRemoved, $"{old.Kind} {old.Name}", null, $"{old.Kind} removed");
            }
            foreach (var now in news.Where(n => !oldByName.ContainsKey(n.Name)))
            {
                sink.Report(ChangeCatalog.ValueSetAdded, null, $"{now.Kind} {now.Name}", $"{now.Kind} added");
            }
        }

        /// <summary>Old flags, still there, that share bits with <paramref name="added"/> — unless it is an alias: a flag made of
        /// whole old flags (<c>ALL = READ | WRITE</c>) means what callers already send.</summary>
        private static List<Value> PartlyOverlapped(ValueSet old, Dictionary<string, Value> newByName, Value added)
        {
            var sharing = old.Values.Where(v => newByName.ContainsKey(v.Name) && (v.Bits & added.Bits) != 0).ToList();
            bool alias = sharing.All(v => (v.Bits & ~added.Bits) == 0) && sharing.Aggregate(0UL, (bits, v) => bits | v.Bits) == added.Bits;
            return alias ? new List<Value>() : sharing;
        }

        private static string Show(ValueSet set, ulong bits) => set.Kind == "enum" ? unchecked((long)bits).ToString(System.Globalization.CultureInfo.InvariantCulture) : "0x" + bits.ToString("X", System.Globalization.CultureInfo.InvariantCulture);

        private static void CompareSet(ChangeSink sink, ValueSet old, ValueSet now)
        {
            string declaration = $"{old.Kind} {old.Name}";
            string Member(string name) => $"{declaration}.{name}";
            if (old.Base != now.Base) sink.Report(ChangeCatalog.ValueSetRetyped, declaration, $"base {Scalars.CName(old.Base)} → {Scalars.CName(now.Base)}");
            if (old.Mask is { } oldMask && now.Mask is { } newMask && (oldMask & ~newMask) != 0)
            {
                sink.Report(ChangeCatalog.MaskNarrowed, declaration, $"mask {Show(old, oldMask)} → {Show(now, newMask)}: bits {Show(old, oldMask & ~newMask)} that callers set are now rejected");
            }
            sink.CsName(declaration, old.CsName, now.CsName);
            sink.Doc(declaration, old.Doc, now.Doc);

            var oldByName = Matching.ByName(old.Values, v => v.Name);
            var newByName = Matching.ByName(now.Values, v => v.Name);
            var renamedTo = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var o in old.Values)
            {
                if (newByName.TryGetValue(o.Name, out var n))
                {
                    if (o.Bits != n.Bits) sink.Report(ChangeCatalog.ValueChanged, Member(o.Name), $"value {Show(old, o.Bits)} → {Show(now, n.Bits)}: binaries built against the old header send the old value");
                    if (o.Access != n.Access) sink.Report(ChangeCatalog.FlagAccessChanged, Member(o.Name), $"CPU access {o.Access} → {n.Access}");
                    sink.CsName(Member(o.Name), o.CsName, n.CsName);
                    sink.Doc(Member(o.Name), o.Doc, n.Doc);
                    continue;
                }
                // A value that a new name now carries: the macro callers compile against is gone, the number lives on.
                var heir = now.Values.FirstOrDefault(v => v.Bits == o.Bits && !oldByName.ContainsKey(v.Name) && !renamedTo.Contains(v.Name));
                if (heir is not null)
                {
                    renamedTo.Add(heir.Name);
                    sink.Report(ChangeCatalog.ValueRenamed, Member(o.Name), Member(heir.Name), $"'{o.Name}' ({Show(old, o.Bits)}) is now called '{heir.Name}': sources using the old name stop compiling");
                }
                else sink.Report(ChangeCatalog.ValueRemoved, Member(o.Name), null, $"'{o.Name}' ({Show(old, o.Bits)}) removed");
            }
            foreach (var n in now.Values.Where(v => !oldByName.ContainsKey(v.Name) && !renamedTo.Contains(v.Name)))
            {
                // Another old name held these bits and still exists (moved away): the number now means something else.
                // (An alias, whose old name keeps the bits, is an addition.)
                var previous = old.Values.FirstOrDefault(v => v.Bits == n.Bits && newByName.TryGetValue(v.Name, out var moved) && moved.Bits != v.Bits);
                if (previous is not null)
                {
                    sink.Report(ChangeCatalog.ValueReused, Member(previous.Name), Member(n.Name), $"{Show(now, n.Bits)} meant '{previous.Name}' and now means '{n.Name}': old binaries ask for the other meaning");
                }
                else if (now.Kind == "flags" && PartlyOverlapped(old, newByName, n) is { Count: > 0 } overlapped)
                {
                    sink.Report(ChangeCatalog.FlagOverlaps, null, Member(n.Name),
                        $"'{n.Name}' = {Show(now, n.Bits)} shares bits with {string.Join(", ", overlapped.Select(v => $"'{v.Name}' ({Show(old, v.Bits)})"))} without covering them whole: " +
                        "a caller's old flags now partly read as the new one; give it bits of its own");
                }
                else sink.Report(ChangeCatalog.ValueAdded, null, Member(n.Name), $"'{n.Name}' = {Show(now, n.Bits)} added" + (now.Kind == "flags" ? " (mask widened)" : ""));
            }
        }
    }
}
