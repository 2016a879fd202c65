using System.Collections.Generic;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Frontend.Lint
{
    /// <summary>
    /// Where the model's entities are written: a map from model entities (struct, field, ioctl, handle, enum, flag set, and
    /// the named values: constants, enum values, flags, flag-field values; by name and occurrence) to their source
    /// positions and <c>allow</c> lists, built by the front end while it resolves. The model stays free of positions (the
    /// source generator caches on its value equality, which must survive a whitespace edit); passes and checks that
    /// report on the finished model, such as lint and the C# name check, locate their findings through this.
    /// </summary>
    public sealed class SourceIndex
    {
        private readonly Dictionary<string, List<StructSource>> _structs = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, List<IoctlSource>> _ioctls = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, List<HandleSource>> _handles = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, List<ValueSetSource>> _enums = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, List<ValueSetSource>> _flagSets = new(System.StringComparer.Ordinal);
        // Keyed by owner and name ("enum e X"): one macro name may be declared by several sets (an error elsewhere).
        private readonly Dictionary<string, List<ValueSource>> _values = new(System.StringComparer.Ordinal);

        /// <summary>The <paramref name="occurrence"/>th struct or union named <paramref name="name"/> (inline ones by their
        /// <c>outer.field</c> name); null when the front end did not resolve one.</summary>
        public StructSource? Struct(string name, int occurrence = 0) => Find(_structs, name, occurrence);

        /// <summary>The <paramref name="occurrence"/>th ioctl named <paramref name="name"/> (a duplicate is the second).</summary>
        public IoctlSource? Ioctl(string name, int occurrence = 0) => Find(_ioctls, name, occurrence);

        /// <summary>The <paramref name="occurrence"/>th handle kind named <paramref name="name"/>.</summary>
        public HandleSource? Handle(string name, int occurrence = 0) => Find(_handles, name, occurrence);

        /// <summary>The <paramref name="occurrence"/>th enum named <paramref name="name"/>.</summary>
        public ValueSetSource? Enum(string name, int occurrence = 0) => Find(_enums, name, occurrence);

        /// <summary>The <paramref name="occurrence"/>th flag set named <paramref name="name"/>.</summary>
        public ValueSetSource? FlagSet(string name, int occurrence = 0) => Find(_flagSets, name, occurrence);

        /// <summary>The <paramref name="occurrence"/>th constant named <paramref name="name"/>.</summary>
        public ValueSource? Constant(string name, int occurrence = 0) => Find(_values, ConstantKey(name), occurrence);

        /// <summary>The <paramref name="occurrence"/>th value <paramref name="name"/> of enum <paramref name="enumName"/>.</summary>
        public ValueSource? EnumValue(string enumName, string name, int occurrence = 0) => Find(_values, EnumValueKey(enumName, name), occurrence);

        /// <summary>The <paramref name="occurrence"/>th flag <paramref name="name"/> of flag set <paramref name="flagSet"/>.</summary>
        public ValueSource? Flag(string flagSet, string name, int occurrence = 0) => Find(_values, FlagKey(flagSet, name), occurrence);

        /// <summary>The <paramref name="occurrence"/>th value <paramref name="name"/> of field <paramref name="field"/> of flag set
        /// <paramref name="flagSet"/>.</summary>
        public ValueSource? FlagFieldValue(string flagSet, string field, string name, int occurrence = 0)
            => Find(_values, FlagFieldValueKey(flagSet, field, name), occurrence);

        internal void Add(EnumSyntax syntax, int reportedBefore) => Add(_enums, syntax.Name.Value, new ValueSetSource(syntax, reportedBefore));

        internal void Add(FlagSetSyntax syntax, int reportedBefore) => Add(_flagSets, syntax.Name.Value, new ValueSetSource(syntax, reportedBefore));

        internal void AddConstant(ValueSyntax syntax, int reportedBefore) => Add(_values, ConstantKey(syntax.Name.Value), new ValueSource(syntax, reportedBefore));

        internal void AddEnumValue(string enumName, ValueSyntax syntax, int reportedBefore)
            => Add(_values, EnumValueKey(enumName, syntax.Name.Value), new ValueSource(syntax, reportedBefore));

        internal void AddFlag(string flagSet, ValueSyntax syntax, int reportedBefore) => Add(_values, FlagKey(flagSet, syntax.Name.Value), new ValueSource(syntax, reportedBefore));

        internal void AddFlagFieldValue(string flagSet, string field, ValueSyntax syntax, int reportedBefore)
            => Add(_values, FlagFieldValueKey(flagSet, field, syntax.Name.Value), new ValueSource(syntax, reportedBefore));

        // Spec names are identifiers: a space cannot occur in one, so these keys never collide.
        private static string ConstantKey(string name) => "constant " + name;

        private static string EnumValueKey(string enumName, string name) => $"enum {enumName} {name}";

        private static string FlagKey(string flagSet, string name) => $"flags {flagSet} {name}";

        private static string FlagFieldValueKey(string flagSet, string field, string name) => $"field {flagSet} {field} {name}";

        internal void Add(StructSyntax syntax, int reportedBefore) => Add(_structs, syntax.Name.Value, new StructSource(syntax, reportedBefore));

        internal void Add(IoctlSyntax syntax, int reportedBefore) => Add(_ioctls, syntax.Name.Value, new IoctlSource(syntax, reportedBefore));

        internal void Add(HandleSyntax syntax, int reportedBefore) => Add(_handles, syntax.Name.Value, new HandleSource(syntax, reportedBefore));

        private static void Add<T>(Dictionary<string, List<T>> map, string name, T entry)
        {
            if (!map.TryGetValue(name, out var list)) map[name] = list = new List<T>();
            list.Add(entry);
        }

        private static T? Find<T>(Dictionary<string, List<T>> map, string name, int occurrence) where T : class
            => map.TryGetValue(name, out var list) && occurrence < list.Count ? list[occurrence] : null;
    }

    /// <summary>What every indexed entity has: its name's position, the ids its <c>allow</c> acknowledges, and where
    /// its findings go in the report (so a later pass reports them where resolution reached the entity).</summary>
    public abstract class EntitySource
    {
        private protected EntitySource(DeclarationSyntax syntax, int reportedBefore)
        {
            Name = syntax.Name.Position;
            _allowed = new HashSet<string>(syntax.Allow.Ids.Keys, System.StringComparer.Ordinal);
            ReportedBefore = reportedBefore;
        }

        private readonly HashSet<string> _allowed;

        /// <summary>The position of the entity's name.</summary>
        public SourcePosition Name { get; }

        /// <summary>How many diagnostics had been reported when resolution finished the entity: its findings follow them.</summary>
        public int ReportedBefore { get; }

        /// <summary>True when the entity acknowledges <paramref name="id"/>.</summary>
        public bool Allows(string id) => _allowed.Contains(id);
    }

    /// <summary>A struct or union as written.</summary>
    public sealed class StructSource : EntitySource
    {
        internal StructSource(StructSyntax syntax, int reportedBefore) : base(syntax, reportedBefore)
        {
            var fields = new List<FieldSource>(syntax.Fields.Count);
            foreach (var f in syntax.Fields) fields.Add(new FieldSource(f));
            Fields = fields;
        }

        /// <summary>Its fields, in the order of the model's (one per model field).</summary>
        public IReadOnlyList<FieldSource> Fields { get; }
    }

    /// <summary>A field as written.</summary>
    public sealed class FieldSource
    {
        internal FieldSource(FieldSyntax syntax)
        {
            Name = syntax.Name.Position;
            Type = syntax.Type.Position;
            _allowed = new HashSet<string>(syntax.Allow.Ids.Keys, System.StringComparer.Ordinal);
        }

        private readonly HashSet<string> _allowed;

        /// <summary>The position of its name.</summary>
        public SourcePosition Name { get; }

        /// <summary>The position of its type.</summary>
        public SourcePosition Type { get; }

        /// <summary>True when the field acknowledges <paramref name="id"/>.</summary>
        public bool Allows(string id) => _allowed.Contains(id);
    }

    /// <summary>An ioctl as written.</summary>
    public sealed class IoctlSource : EntitySource
    {
        internal IoctlSource(IoctlSyntax syntax, int reportedBefore) : base(syntax, reportedBefore)
        {
            Dir = syntax.Dir.Position;
            Arg = syntax.Arg?.Position;
            Encoding = syntax.Encoding?.Position;
        }

        /// <summary>The position of its direction.</summary>
        public SourcePosition Dir { get; }

        /// <summary>The position of its argument type; null when it has none.</summary>
        public SourcePosition? Arg { get; }

        /// <summary>The position of its encoding; null when not written.</summary>
        public SourcePosition? Encoding { get; }
    }

    /// <summary>An enum or a flag set as written.</summary>
    public sealed class ValueSetSource : EntitySource
    {
        internal ValueSetSource(DeclarationSyntax syntax, int reportedBefore) : base(syntax, reportedBefore)
        {
        }
    }

    /// <summary>A named value (a constant, enum value, flag or flag-field value: each a C macro) as written.</summary>
    public sealed class ValueSource : EntitySource
    {
        internal ValueSource(ValueSyntax syntax, int reportedBefore) : base(syntax, reportedBefore)
        {
        }
    }

    /// <summary>A handle kind as written.</summary>
    public sealed class HandleSource : EntitySource
    {
        internal HandleSource(HandleSyntax syntax, int reportedBefore) : base(syntax, reportedBefore) => Scope = syntax.Scope.Position;

        /// <summary>The position of its scope.</summary>
        public SourcePosition Scope { get; }
    }
}
