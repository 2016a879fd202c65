using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Emitters.C
{
    /// <summary>Spells members in C, with inline aggregates (<c>struct { … } name;</c>, anonymous <c>union { … };</c>) in place.</summary>
    internal static class CInline
    {
        /// <summary>The declaration of <paramref name="x"/>, one line per element, nested lines indented by a tab.</summary>
        public static List<string> Declaration(AbiFamily family, AbiField x)
        {
            string count = x.CountMacro.Length > 0 ? x.CountMacro : x.Count.ToString(CultureInfo.InvariantCulture);
            string array = x.Flexible ? "[]" : x.Count > 0 ? "[" + count + "]" : "";
            var inner = Inline(family, x);
            if (inner is null) return new List<string> { $"{x.Type.CType} {x.Name}{array};" };
            var lines = new List<string> { inner.CKeyword + " {" };
            foreach (var member in inner.Fields) lines.AddRange(Declaration(family, member).Select(l => "\t" + l));
            lines.Add(x.Anonymous ? "};" : $"}} {x.Name}{array};");
            return lines;
        }

        /// <summary>The members kernel-doc expects described in <paramref name="s"/>'s comment: fields by name, an anonymous
        /// member's fields as if they were the enclosing aggregate's, a named inline aggregate's as <c>name.member</c>.</summary>
        public static IEnumerable<(string Path, AbiField Field)> DocMembers(AbiFamily family, AbiStruct s, string prefix)
        {
            foreach (var f in s.Fields)
            {
                var inner = Inline(family, f);
                if (!f.Anonymous) yield return (prefix + f.Name, f);
                if (inner is null) continue;
                foreach (var m in DocMembers(family, inner, f.Anonymous ? prefix : prefix + f.Name + ".")) yield return m;
            }
        }

        private static AbiStruct? Inline(AbiFamily family, AbiField x)
            => x.Type.Kind == TypeKind.Struct && x.Type.Family == family.Family
                ? family.Structs.FirstOrDefault(s => s.Inline && s.Name == x.Type.Name)
                : null;
    }
}
