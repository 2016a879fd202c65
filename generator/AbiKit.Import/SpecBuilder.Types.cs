using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Import;

// C enums, structs and unions → the spec's enums and aggregates; single-bit macro runs → flag sets.
internal sealed partial class SpecBuilder
{
    private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);

    private static int Line(CLocation l) => l.Line;

    private JsonArray BuildEnums()
    {
        var enums = new JsonArray();
        foreach (var e in _probe.Document.Declarations.OfType<CEnum>().Where(e => IsOwn(e.Location.File)).OrderBy(e => e.Location.Line))
        {
            var comment = Doc(e.CommentId);
            string? Text(CEnumValue v) => comment is not null && comment.Members.TryGetValue(v.Name, out var d) ? d : null;
            if (e.Name.Length == 0 || e.Values.Any(v => IsReserved(v.Name)))
            {
                // An anonymous enum only names values, and an enum with reserved names cannot be a spec enum: their
                // values are constants (fields of such an enum type take its integer type).
                foreach (var v in e.Values)
                {
                    if (IsReserved(v.Name))
                    {
                        SkipReserved("enumerator", v.Name, e.Location.File, e.Location.Line);
                        continue;
                    }

                    var c = new JsonObject { ["name"] = v.Name, ["value"] = v.Value.ToString(CultureInfo.InvariantCulture) };
                    if (Text(v) is { } doc) c["doc"] = doc;
                    _anonymousEnumConstants.Add((c, v.Name));
                    Keep("enumerator", v.Name, e.Location.File, e.Location.Line);
                }

                continue;
            }

            bool signed = e.Values.Any(v => v.Value < 0);
            var o = new JsonObject { ["name"] = e.Name, ["type"] = (signed ? "s" : "u") + e.SizeBits.ToString(CultureInfo.InvariantCulture) };
            if (comment?.Summary is { Length: > 0 } s) o["doc"] = s;
            var values = new JsonArray();
            foreach (var v in e.Values)
            {
                var value = new JsonObject { ["name"] = v.Name, ["value"] = v.Value < 0 ? v.Value.ToString(CultureInfo.InvariantCulture) : "0x" + v.Value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0') };
                if (Text(v) is { } d) value["doc"] = d;
                values.Add(value);
                Keep("enumerator", v.Name, e.Location.File, e.Location.Line);
            }

            o["values"] = values;
            enums.Add(o);
            _typeNames.Add(e.Name);
            Keep("enum", e.Name, e.Location.File, e.Location.Line);
        }

        return enums;
    }

    private readonly List<(JsonObject Constant, string Name)> _anonymousEnumConstants = new();

    private KernelDoc.Comment? Doc(string? commentId)
        => _probe.Document.Comment(commentId) is { } c && IsOwn(c.File) ? _docs.Read(c.File, c.BeginLine, c.EndLine) : null;

    private JsonArray BuildStructs(IoctlSet ioctls)
    {
        var doc = _probe.Document;
        var own = doc.Declarations.OfType<CRecord>().Where(r => IsOwn(r.Location.File)).OrderBy(r => r.Location.Line).ToList();
        var nested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in own)
        {
            foreach (var f in r.Fields)
            {
                var t = doc.Canonical(f.TypeId);
                while (t is CArray a) t = doc.Canonical(a.ElementId);
                if (t is CRecord inner && NameOf(inner).Length == 0) nested.Add(inner.Id);
            }
        }

        var byName = own.Where(r => NameOf(r).Length > 0 && !r.Incomplete).GroupBy(NameOf).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var structs = new JsonArray();
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var failed = _failed;
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        void Emit(CRecord r)
        {
            string name = NameOf(r);
            if (emitted.Contains(name) || failed.ContainsKey(name) || !visiting.Add(name)) return;
            // __attribute__((packed)) is the spec's "packed" (aligned to 1); packed with a larger alignment is not expressible.
            bool packed = _probe.Document.IsPacked(r);
            if (packed && r.AlignBits != 8)
            {
                Skip(r.IsUnion ? "union" : "struct", name, r.Location.File, r.Location.Line, ImportDiagnostics.AggregateNotExpressible,
                    $"{name} is packed and aligned to {r.AlignBits / 8} bytes (__attribute__((packed, aligned({r.AlignBits / 8})))); a spec's packed aggregate is aligned to 1");
                failed[name] = "it is packed";
                visiting.Remove(name);
                return;
            }

            // Named aggregates a field uses are declared first, as C needs (a struct declared inside another is file-scope).
            foreach (var dep in Dependencies(r))
            {
                if (byName.TryGetValue(dep, out var d)) Emit(d);
            }

            string kind = r.IsUnion ? "union" : "struct";
            var comment = Doc(r.CommentId);
            var fields = Fields(r, name, comment, failed, out var error);
            visiting.Remove(name);
            if (fields is null)
            {
                failed[name] = error!.Value.Message;
                Skip(kind, name, error.Value.File, error.Value.Line, error.Value.Descriptor, $"{kind} {name} is not imported: {error.Value.Message}");
                return;
            }

            var o = new JsonObject { ["name"] = name };
            if (r.IsUnion) o["kind"] = "union";
            if (r.Name.Length == 0) o["tag"] = false; // typedef struct { … } name;
            if (packed) o["packed"] = true;
            if (comment?.Summary is { Length: > 0 } s) o["doc"] = s;
            o["fields"] = fields;
            structs.Add(o);
            emitted.Add(name);
            _typeNames.Add(name);
            Keep(kind, name, r.Location.File, r.Location.Line);
        }

        foreach (var r in own)
        {
            if (r.Incomplete) continue; // a forward declaration declares nothing to import
            if (NameOf(r).Length == 0)
            {
                if (!nested.Contains(r.Id))
                {
                    string kind = r.IsUnion ? "union" : "struct";
                    Skip(kind, "(anonymous)", r.Location.File, r.Location.Line, ImportDiagnostics.AggregateNotExpressible,
                        $"an anonymous {kind} at file scope (named only by a typedef) has no tag for the spec to name it");
                }

                continue;
            }

            if (r.Fields.Count == 0)
            {
                Skip(r.IsUnion ? "union" : "struct", r.Name, r.Location.File, r.Location.Line, ImportDiagnostics.AggregateNotExpressible,
                    $"{r.Name} has no members (a GNU C extension); a spec struct has at least one field");
                failed[r.Name] = "it has no members";
                continue;
            }

            Emit(r);
        }

        // An ioctl whose argument aggregate is not imported is not either.
        foreach (var (entry, arg, macro) in ioctls.ByArg)
        {
            if (arg is not null && failed.TryGetValue(TypedefRoot(arg), out var why))
            {
                ioctls.Entries.Remove(entry);
                Skip("ioctl", macro.Macro.Name, macro.Macro.File, macro.Macro.Line, ImportDiagnostics.IoctlNotExpressible, $"{macro.Macro.Name}: its argument {arg} is not imported ({why})");
            }
            else
            {
                Keep("ioctl", macro.Macro.Name, macro.Macro.File, macro.Macro.Line);
            }
        }

        return structs;
    }

    private IEnumerable<string> Dependencies(CRecord r)
    {
        foreach (var f in r.Fields)
        {
            var t = _probe.Document.Canonical(f.TypeId);
            while (t is CArray a) t = _probe.Document.Canonical(a.ElementId);
            if (t is CRecord named && NameOf(named).Length > 0) yield return NameOf(named);
            else if (t is CRecord inner) foreach (var d in Dependencies(inner)) yield return d;
        }
    }

    private readonly record struct FieldError(DiagnosticDescriptor Descriptor, string File, int Line, string Message);

    private JsonArray? Fields(CRecord r, string path, KernelDoc.Comment? outerDoc, Dictionary<string, string> failed, out FieldError? error)
    {
        error = null;
        var doc = _probe.Document;
        var fields = new JsonArray();
        for (int i = 0; i < r.Fields.Count; i++)
        {
            var f = r.Fields[i];
            string where = f.Name.Length > 0 ? f.Name : "(anonymous member)";
            FieldError Fail(DiagnosticDescriptor d, string message) => new(d, f.Location.File, f.Location.Line, message);
            if (f.Bits is { } bits)
            {
                error = Fail(ImportDiagnostics.BitField, $"member {where} is a bit-field ({bits} bits); a spec field is a whole scalar");
                return null;
            }

            if (ReservedWords.IsCKeyword(f.Name))
            {
                error = Fail(ImportDiagnostics.ReservedName, $"member {where} is named with a C or C++ keyword; the spec refuses it, since the generated header is for C and C++");
                return null;
            }

            var o = new JsonObject();
            if (f.Name.Length > 0) o["name"] = f.Name;
            var t = doc.Canonical(f.TypeId);
            if (t is CRecord inline && NameOf(inline).Length == 0)
            {
                if (inline.IsUnion) o["kind"] = "union";
                var inner = Fields(inline, path + "." + where, outerDoc, failed, out error);
                if (inner is null) return null;
                o["fields"] = inner;
            }
            else
            {
                string typeId = f.TypeId;
                if (t is CArray array)
                {
                    var element = doc.Canonical(array.ElementId);
                    if (element is CArray)
                    {
                        error = Fail(ImportDiagnostics.UnsupportedType, $"member {where} is an array of arrays; a spec array has one dimension");
                        return null;
                    }

                    if (array.Count is null or 0)
                    {
                        string spelled = array.Count is null ? "[]" : "[0]";
                        if (r.IsUnion || i != r.Fields.Count - 1 || i == 0 || f.Name.Length == 0)
                        {
                            error = Fail(ImportDiagnostics.UnsupportedType, $"member {where}{spelled} is a flexible array {(r.IsUnion ? "inside a union" : i == 0 ? "without a member before it" : "that is not last")}; a spec's flexible array is the last of several struct members");
                            return null;
                        }

                        o["flexible"] = true;
                    }
                    else
                    {
                        o["count"] = CountText(f, array.Count.Value);
                    }

                    typeId = array.ElementId;
                    t = element;
                }

                if (t is CRecord unnamed && NameOf(unnamed).Length == 0)
                {
                    error = Fail(ImportDiagnostics.UnsupportedType, $"member {where} is an array of an anonymous struct or union; a spec cannot declare one in place");
                    return null;
                }

                string? type = _types.Map(typeId, out var why);
                // An enum with reserved value names is no spec enum (here or in the header that declares it).
                if (type is not null && doc.Canonical(typeId) is CEnum scalarEnum && scalarEnum.Values.Any(v => IsReserved(v.Name)))
                {
                    type = (scalarEnum.Values.Any(v => v.Value < 0) ? "s" : "u") + scalarEnum.SizeBits.ToString(CultureInfo.InvariantCulture);
                }

                if (type is null)
                {
                    error = Fail(ImportDiagnostics.UnsupportedType, $"member {where}'s type is {why}");
                    return null;
                }

                if (failed.TryGetValue(TypedefRoot(type), out var inner))
                {
                    error = Fail(ImportDiagnostics.AggregateNotExpressible, $"member {where} is of type {type}, which is not imported ({inner})");
                    return null;
                }

                o["type"] = type;
            }

            // A header does not say which fields the kernel writes: every field may flow both ways until the author
            // narrows it (an inout field never contradicts an ioctl's direction, ABI205, nor leaves an _IOR without output, ABI309).
            o["dir"] = "inout";
            string designator = path.Contains('.', StringComparison.Ordinal) ? path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..].Replace("(anonymous member).", "", StringComparison.Ordinal) + "." + f.Name : f.Name;
            string? text = Doc(f.CommentId)?.Summary is { Length: > 0 } own ? own
                : outerDoc is not null && f.Name.Length > 0 && (outerDoc.Members.TryGetValue(designator, out var d1) || outerDoc.Members.TryGetValue(f.Name, out d1)) ? d1 : null;
            if (text is { Length: > 0 }) o["doc"] = text;
            fields.Add(o);
        }

        return fields;
    }

    /// <summary>An array length as the header writes it when that is one macro of the headers with the same value.</summary>
    private JsonNode CountText(CField f, long count)
    {
        string line = _docs.Line(f.Location.File, f.Location.Line);
        var m = Regex.Match(line, @"\b" + Regex.Escape(f.Name) + @"\s*\[\s*([A-Za-z_]\w*)\s*\]");
        if (m.Success && _probe.Values.TryGetValue(m.Groups[1].Value, out var v) && v == count
            && _macros.All.Any(x => x.Name == m.Groups[1].Value && IsOwn(x.File)) && !_consumed.Contains(m.Groups[1].Value))
        {
            return m.Groups[1].Value;
        }

        return count;
    }

    /// <summary>
    /// Flag sets, conservatively: a run of at least three macros defined one after another, each a single bit set,
    /// strictly increasing, spelled without other macros' names, whose names share a prefix of two or more
    /// '_'-separated words. A following macro named like a mask whose value is the OR of the run becomes its mask;
    /// otherwise the set has none (<c>"mask": false</c>), as the header.
    /// </summary>
    private JsonArray BuildFlagSets(List<MacroDefinition> integers, JsonArray structs)
    {
        var sets = new JsonArray();
        var candidates = integers.Where(m => !_consumed.Contains(m.Name) && _probe.Values.ContainsKey(m.Name)).ToList();
        int i = 0;
        while (i < candidates.Count)
        {
            int j = i;
            while (j < candidates.Count && IsBit(candidates[j]) && (j == i || (_probe.Values[candidates[j].Name] > _probe.Values[candidates[j - 1].Name] && candidates[j].File == candidates[i].File))) j++;
            while (j > i && j <= candidates.Count && candidates.GetRange(i, j - i).Any(m => IsReserved(m.Name))) j = i; // reserved names stay constants (reported there)
            int length = j - i;
            var run = candidates.GetRange(i, length);
            string prefix = length >= 3 ? CommonPrefix(run.Select(m => m.Name)) : "";
            if (length < 3 || prefix.Count(c => c == '_') < 2)
            {
                i = Math.Max(j, i + 1);
                continue;
            }

            BigInteger all = run.Aggregate(BigInteger.Zero, (acc, m) => acc | _probe.Values[m.Name]);
            string baseName = prefix.TrimEnd('_').ToLowerInvariant();
            string name = baseName.EndsWith("flags", StringComparison.Ordinal) || baseName.EndsWith("flag", StringComparison.Ordinal) ? baseName : baseName + "_flags";
            while (_typeNames.Contains(name)) name += "_set";
            _typeNames.Add(name);
            var set = new JsonObject { ["name"] = name, ["type"] = all >> 32 == 0 ? "u32" : "u64" };
            MacroDefinition? mask = j < candidates.Count && candidates[j].Name.Contains("MASK", StringComparison.Ordinal) && _probe.Values[candidates[j].Name] == all ? candidates[j] : null;
            if (mask is not null)
            {
                set["mask"] = mask.Name;
                _consumed.Add(mask.Name);
                Keep("macro", mask.Name, mask.File, mask.Line);
            }
            else
            {
                set["mask"] = false;
            }

            var flags = new JsonArray();
            foreach (var m in run)
            {
                var o = new JsonObject { ["name"] = m.Name, ["value"] = NumberText(m, _probe.Values[m.Name], out _) };
                if (MacroDoc(m) is { } doc) o["doc"] = doc;
                flags.Add(o);
                _consumed.Add(m.Name);
                Keep("macro", m.Name, m.File, m.Line);
            }

            set["flags"] = flags;
            sets.Add(set);
            i = j + (mask is not null ? 1 : 0);
        }

        return sets;
    }

    private bool IsBit(MacroDefinition m)
    {
        var v = _probe.Values[m.Name];
        return v > 0 && (v & (v - 1)) == 0 && v < BigInteger.One << 63 && IsLiteral(m)
            && !m.Name.Contains("SHIFT", StringComparison.Ordinal) && !m.Name.Contains("MASK", StringComparison.Ordinal);
    }

    private static bool IsLiteral(MacroDefinition m) => Frontend.Syntax.CIntegerExpression.TryEvaluate(m.Body, out _, out _);
}
