using System.Collections.Generic;
using AbiKit.Frontend.Json;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>A named type visible to a spec: declared in it or in one of its imports.</summary>
    internal sealed class Symbol
    {
        public Symbol(TypeKind kind, string name, string family, string csNamespace, SourcePosition? position)
        {
            Kind = kind;
            Name = name;
            Family = family;
            CsNamespace = csNamespace;
            Position = position;
        }

        public TypeKind Kind { get; }
        public string Name { get; }
        public string Family { get; }
        public string CsNamespace { get; }

        /// <summary>Declaration position; null for imported symbols.</summary>
        public SourcePosition? Position { get; }

        public string CsName { get; set; } = "";
        public ScalarKind Base { get; set; }
        /// <summary>For aggregates: struct or union (known at declaration, before layout).</summary>
        public AggregateKind Aggregate { get; set; }
        /// <summary>An aggregate declared inside a field (no C tag).</summary>
        public bool Inline { get; set; }
        /// <summary>An aggregate named only by a typedef (C spells it without the keyword).</summary>
        public bool Tagless { get; set; }
        /// <summary>A packed aggregate (<c>__attribute__((packed))</c>).</summary>
        public bool Packed { get; set; }
        /// <summary>For a typedef name: the reference it stands for, spelled with its own name.</summary>
        public TypeRef? Alias { get; set; }
        public AbiStruct? Struct { get; set; }
        public AbiFlagSet? FlagSet { get; set; }
        public AbiEnum? Enum { get; set; }
        public AbiHandle? Handle { get; set; }

        /// <summary>For own structs not yet laid out: the syntax index.</summary>
        public int PendingStruct { get; set; } = -1;

        public TypeRef ToTypeRef() => Alias ?? new(
            Kind,
            Kind == TypeKind.Struct ? ScalarKind.U8 : Base,
            Name,
            Kind != TypeKind.Struct ? Scalars.CName(Base) : Inline ? Aggregate.CKeyword() + " { ... }" : Tagless ? Name : Aggregate.CKeyword() + " " + Name,
            CsName,
            Family,
            CsNamespace);
    }

    internal sealed class SymbolTable
    {
        private readonly Dictionary<string, Symbol> _symbols = new(System.StringComparer.Ordinal);

        public bool TryGet(string name, out Symbol symbol) => _symbols.TryGetValue(name, out symbol!);

        public bool TryAdd(Symbol symbol) => !_symbols.ContainsKey(symbol.Name) && AddNew(symbol);

        private bool AddNew(Symbol symbol)
        {
            _symbols.Add(symbol.Name, symbol);
            return true;
        }

        public void AddImported(AbiFamily family)
        {
            string ns = family.CSharp.Namespace;
            foreach (var e in family.Enums) TryAdd(new Symbol(TypeKind.Enum, e.Name, family.Family, ns, null) { CsName = e.CsName, Base = e.Base, Enum = e });
            foreach (var f in family.FlagSets) TryAdd(new Symbol(TypeKind.Flags, f.Name, family.Family, ns, null) { CsName = f.CsName, Base = f.Base, FlagSet = f });
            foreach (var h in family.Handles) TryAdd(new Symbol(TypeKind.Handle, h.Name, family.Family, ns, null) { CsName = h.CsName, Base = h.Base, Handle = h });
            foreach (var s in family.Structs) TryAdd(new Symbol(TypeKind.Struct, s.Name, family.Family, ns, null) { CsName = s.CsName, Struct = s, Aggregate = s.Kind, Inline = s.Inline, Tagless = s.Tagless, Packed = s.Packed });
            foreach (var t in family.Typedefs) TryAdd(new Symbol(t.Target.Kind, t.Name, family.Family, ns, null) { CsName = t.Target.CsType, Alias = t.Type });
        }
    }
}
