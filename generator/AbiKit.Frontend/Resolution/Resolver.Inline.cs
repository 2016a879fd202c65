using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Aggregates declared inside a field: C's `struct { … } name;` and anonymous members (`union { … };`).
    public sealed partial class Resolver
    {
        /// <summary>Resolves and lays out the inline aggregate of field <paramref name="f"/> (the
        /// <paramref name="index"/>th of <paramref name="outer"/>) as an aggregate of its own, named
        /// <c>outer.field</c> (<c>outer.index</c> when anonymous): no C identifier can collide with it.</summary>
        private TypeRef? ResolveInline(Symbol outer, FieldSyntax f, int index)
        {
            string name = outer.Name + "." + (f.Anonymous ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : f.Name.Value);
            string csName = f.Anonymous ? outer.CsName + "Anonymous" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) : outer.CsName + Naming.Pascal(f.Name.Value);
            var kind = f.Kind?.Value == "union" ? AggregateKind.Union : AggregateKind.Struct;
            var symbol = new Symbol(TypeKind.Struct, name, outer.Family, outer.CsNamespace, f.Position) { CsName = csName, Aggregate = kind, Inline = true };
            if (!_symbols.TryAdd(symbol)) return null;
            var syntax = new StructSyntax { Name = new Located<string>(name, f.Position), Doc = f.Doc, Kind = f.Kind };
            syntax.Fields.AddRange(f.Members!);
            foreach (var allowed in f.Allow.Ids) syntax.Allow.Ids[allowed.Key] = allowed.Value;
            ResolveAggregate(symbol, syntax);
            return symbol.Struct is null ? null : symbol.ToTypeRef();
        }

        /// <summary>An anonymous member's members are the enclosing aggregate's names too: C rejects a clash.</summary>
        private void CheckAnonymousNames(string outer, FieldSyntax f, TypeRef type, HashSet<string> seen)
        {
            if (!_symbols.TryGet(type.Name, out var symbol) || symbol.Struct is not { } inner) return;
            foreach (var member in inner.Fields)
            {
                if (member.Anonymous)
                {
                    continue; // its own names were checked against the anonymous aggregate, and are added below through it
                }
                if (!seen.Add(member.Name))
                    _sink.Report(DiagnosticCatalog.DuplicateName, f.Position, $"struct '{outer}' already has a field '{member.Name}', which its anonymous member declares again; C reaches both as {outer}.{member.Name}");
            }
            foreach (var nested in inner.Fields.Where(m => m.Anonymous))
            {
                if (_symbols.TryGet(nested.Type.Name, out var n) && n.Struct is not null)
                    CheckAnonymousNames(outer, f, nested.Type, seen);
            }
        }
    }
}
