using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Lint;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// C# names are derived (<c>a_b</c> and <c>a__b</c> are both <c>AB</c>; <c>demo_x</c> loses the family prefix and
    /// meets <c>x</c>) or written (<c>csName</c>), so two can meet in one scope, or a member can take the name of an
    /// inherited method it would hide (<c>ToString</c>). Each would fail the consumer's build (CS0101, CS0102, CS0108),
    /// so each is a located error here, at the declaration the front end's <see cref="SourceIndex"/> records.
    /// </summary>
    internal static class CsNameCheck
    {
        // Members every struct and enum inherits from object and ValueType.
        private static readonly HashSet<string> Inherited = new(System.StringComparer.Ordinal)
        {
            "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        };

        /// <summary>Checks <paramref name="family"/>'s C# names, locating each clash through <paramref name="index"/> (at the
        /// family's name, <paramref name="familyPosition"/>, when it has no entry).</summary>
        public static void Run(AbiFamily family, SourceIndex index, SourcePosition familyPosition, DiagnosticSink sink)
        {
            // The namespace: every type and the ioctl class.
            var types = new Dictionary<string, string>(System.StringComparer.Ordinal) { [family.CSharp.ClassName] = "the ioctl class" };
            var declared = family.Enums.Select(e => (e.Name, e.CsName, "enum", At(index.Enum(e.Name))))
                .Concat(family.FlagSets.Select(f => (f.Name, f.CsName, "flag set", At(index.FlagSet(f.Name)))))
                .Concat(family.Handles.Select(h => (h.Name, h.CsName, "handle", At(index.Handle(h.Name)))))
                .Concat(family.Structs.Select(s => (s.Name, s.CsName, "struct", At(index.Struct(s.Name)))))
                .Concat(family.FlagSets.SelectMany(f => f.Fields.Select(x => (f.Name, x.CsName, $"field {x.Name} of flag set", At(index.FlagSet(f.Name))))));
            foreach (var (name, csName, kind, position) in declared)
            {
                if (types.TryGetValue(csName, out var other))
                    sink.Report(DiagnosticCatalog.DuplicateName, position, $"{kind} {name} is C# type {csName}, as is {other}; C# needs one name per type in namespace {family.CSharp.Namespace}: set a csName");
                else
                    types[csName] = $"{kind} {name}";
            }

            foreach (var e in family.Enums) Members(e.CsName, e.Values.Select(v => (v.Name, v.CsName)), At(index.Enum(e.Name)), $"enum {e.Name}", sink);
            foreach (var f in family.FlagSets)
            {
                var at = At(index.FlagSet(f.Name));
                Members(f.CsName, f.Flags.Select(v => (v.Name, v.CsName)), at, $"flag set {f.Name}", sink);
                foreach (var x in f.Fields) Members(x.CsName, x.Values.Select(v => (v.Name, v.CsName)), at, $"field {x.Name}", sink);
            }
            foreach (var s in family.Structs)
            {
                var fieldAt = FieldPositions(s, index.Struct(s.Name), At(index.Struct(s.Name)));
                var members = s.Fields.Select(x => (x.Name, x.CsName))
                    .Concat(s.Fields.Where(x => x.Count > 0).Select(x => (x.Name, x.CsArrayName)));
                Members(s.CsName, members, null, $"struct {s.Name}", sink, fieldAt);
            }
            Members(family.CSharp.ClassName, family.Ioctls.Select(io => (io.Name, io.CsName)), null, "the ioctl class", sink, n => At(index.Ioctl(n)));

            SourcePosition At(EntitySource? source) => source?.Name ?? familyPosition;
        }

        // A struct member's clash is reported at its field (the first of its name), or at the struct when the index has no fields for it.
        private static System.Func<string, SourcePosition> FieldPositions(AbiStruct s, StructSource? at, SourcePosition structAt)
        {
            var positions = new Dictionary<string, SourcePosition>(System.StringComparer.Ordinal);
            if (at is not null && at.Fields.Count == s.Fields.Count)
            {
                for (int i = 0; i < s.Fields.Count; i++)
                {
                    if (!positions.ContainsKey(s.Fields[i].Name)) positions[s.Fields[i].Name] = at.Fields[i].Name;
                }
            }
            return name => positions.TryGetValue(name, out var p) ? p : structAt;
        }

        private static void Members(string typeName, IEnumerable<(string Name, string CsName)> members, SourcePosition? at, string owner,
            DiagnosticSink sink, System.Func<string, SourcePosition>? memberAt = null)
        {
            var seen = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (var (name, csName) in members)
            {
                var position = memberAt?.Invoke(name) ?? at ?? SourcePosition.Start;
                if (seen.TryGetValue(csName, out var other))
                    sink.Report(DiagnosticCatalog.DuplicateName, position, $"{name} of {owner} is C# member {csName}, as is {other}; set a csName");
                else if (csName == typeName)
                    sink.Report(DiagnosticCatalog.DuplicateName, position, $"{name} of {owner} is C# member {csName}, the name of its type; set a csName");
                else if (Inherited.Contains(csName))
                    sink.Report(DiagnosticCatalog.DuplicateName, position, $"{name} of {owner} is C# member {csName}, which would hide the inherited {csName}; set a csName");
                else
                    seen[csName] = name;
            }
        }
    }
}
