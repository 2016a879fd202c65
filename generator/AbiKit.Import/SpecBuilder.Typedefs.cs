using System.Globalization;
using System.Text.Json.Nodes;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Import;

// Typedefs → the spec's typedefs (typedef unsigned int drm_handle_t;), and an anonymous aggregate a typedef names
// (typedef struct { … } drm_sis_mem_t;) → a struct without a tag. Fields and arguments keep the typedef names they are
// written with.
internal sealed partial class SpecBuilder
{
    /// <summary>Anonymous file-scope aggregates named by a typedef: record id → the typedef name they are imported as.</summary>
    private readonly Dictionary<string, string> _taglessNames = new(StringComparer.Ordinal);

    /// <summary>Aggregates (by spec name) that are not imported, with why.</summary>
    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);

    /// <summary>Typedefs planned to be kept, in source order, with the spec type each stands for.</summary>
    private readonly List<(CTypedef Typedef, string Target)> _typedefs = new();

    /// <summary>Kept typedef name → the spec type it stands for (itself possibly a typedef).</summary>
    private readonly Dictionary<string, string> _typedefTargets = new(StringComparer.Ordinal);

    /// <summary>An aggregate's spec name: its tag, or the typedef that names an anonymous one; empty for one declared in place.</summary>
    private string NameOf(CRecord r) => r.Name.Length > 0 ? r.Name : _taglessNames.GetValueOrDefault(r.Id, "");

    /// <summary>The type a spec type name finally stands for, through kept typedefs.</summary>
    private string TypedefRoot(string type)
    {
        for (int guard = 0; guard < 64 && _typedefTargets.TryGetValue(type, out var target); guard++) type = target;
        return type;
    }

    /// <summary>Decides, before aggregates are imported, which typedef names the spec keeps, so that fields and arguments
    /// are written with them. In source order: C's typedefs name only what is declared before them.</summary>
    private void PlanTypedefs()
    {
        var doc = _probe.Document;
        var tags = doc.Declarations.Select(d => d switch { CRecord r => r.Name, CEnum e => e.Name, _ => "" }).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var t in doc.Declarations.OfType<CTypedef>().Where(t => IsOwn(t.Location.File) && !t.Name.StartsWith("abikit_", StringComparison.Ordinal)))
        {
            void NotKept(string why) => Skip("typedef", t.Name, t.Location.File, t.Location.Line, ImportDiagnostics.TypedefNotKept,
                $"typedef {t.Name} is not kept: {why}; fields of this type are written with the type it stands for");
            if (ReservedWords.IsC(t.Name))
            {
                Skip("typedef", t.Name, t.Location.File, t.Location.Line, ImportDiagnostics.ReservedName,
                    $"typedef {t.Name} is a C or C++ keyword or a name C reserves for the implementation (_X, __x); the spec refuses it, since generated code must not declare one");
                continue;
            }

            if (doc.Unqualified(t.TypeId) is CEnum { } named && named.Name == t.Name)
            {
                // castxml names an anonymous enum after its typedef: the spec imports it as an enum of that name, whose values
                // are #defines and whose fields are its integer type, so no C type of the name is declared.
                NotKept($"it names an anonymous enum, which the spec imports as enum {t.Name}; a spec enum declares its values and is carried as its integer type, not a C type of that name");
                continue;
            }

            if (tags.Contains(t.Name) || _typedefTargets.ContainsKey(t.Name) || _types.Kept.Contains(t.Name))
            {
                NotKept("a type of the header has the same name, and a spec's types share one name space");
                continue;
            }

            // typedef struct { … } name; — the aggregate itself, imported (or reported) under that name.
            if (doc.Unqualified(t.TypeId) is CRecord { Name.Length: 0, Incomplete: false } anonymous && !_taglessNames.ContainsKey(anonymous.Id)
                && IsOwn(anonymous.Location.File))
            {
                _taglessNames[anonymous.Id] = t.Name;
                _types.Kept.Add(t.Name);
                continue;
            }

            if (doc.Canonical(t.TypeId) is CRecord { Incomplete: true })
            {
                NotKept("it stands for an aggregate that is declared but never defined");
                continue;
            }

            string? target = _types.Map(t.TypeId, out var unsupported);
            // An enum with reserved value names is no spec enum: the typedef stands for its integer type, as fields of it do.
            if (target is not null && doc.Canonical(t.TypeId) is CEnum e && e.Values.Any(v => IsReserved(v.Name)))
                target = (e.Values.Any(v => v.Value < 0) ? "s" : "u") + e.SizeBits.ToString(CultureInfo.InvariantCulture);
            if (target is null)
            {
                NotKept($"it stands for what a spec cannot express ({unsupported})");
                continue;
            }

            _types.Kept.Add(t.Name);
            _typedefTargets[t.Name] = target;
            _typedefs.Add((t, target));
        }
    }

    /// <summary>The kept typedefs whose aggregate was imported; the others are reported with the aggregate's reason.</summary>
    private JsonArray BuildTypedefs()
    {
        var typedefs = new JsonArray();
        foreach (var (t, target) in _typedefs)
        {
            if (_failed.TryGetValue(TypedefRoot(target), out var why))
            {
                _typedefTargets.Remove(t.Name);
                _failed[t.Name] = why;
                Skip("typedef", t.Name, t.Location.File, t.Location.Line, ImportDiagnostics.TypedefNotKept,
                    $"typedef {t.Name} is not kept: it stands for {TypedefRoot(target)}, which is not imported ({why})");
                continue;
            }

            typedefs.Add(new JsonObject { ["name"] = t.Name, ["type"] = target });
            _typeNames.Add(t.Name);
            Keep("typedef", t.Name, t.Location.File, t.Location.Line);
        }

        return typedefs;
    }
}
