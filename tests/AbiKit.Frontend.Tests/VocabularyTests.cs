using System.Text.Json;
using System.Text.Json.Nodes;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Frontend.Tests;

/// <summary>
/// The one vocabulary (<see cref="Vocabulary"/>) is what the reader, the resolver and the JSON Schema speak: every
/// spelling of it is accepted where it belongs, anything else is a located "must be one of" diagnostic, and the
/// schema's enums (and their descriptions) are the table's, word for word.
/// </summary>
public class VocabularyTests
{
    /// <summary>Each closed key of the format: where the schema spells it, and the vocabulary's words for it.</summary>
    public static readonly (string SchemaPath, string[] Spellings, string[] Docs)[] Ties =
    [
        Tie("$defs/scalar", Vocabulary.Scalars, t => t.FixedWidth),
        Tie("$defs/flagSet/properties/type", Vocabulary.Scalars, t => t.FixedWidth && !t.Signed),
        Tie("$defs/flagSet/properties/flags/items/properties/access", Vocabulary.CpuAccesses),
        Tie("$defs/handle/properties/type", Vocabulary.Scalars, t => t.CarriesHandles),
        Tie("$defs/handle/properties/scope", Vocabulary.HandleScopes),
        Tie("$defs/field/properties/dir", Vocabulary.FieldDirections),
        Tie("$defs/semantic/properties/effect", Vocabulary.Effects),
        Tie("$defs/ioctl/properties/dir", Vocabulary.IoctlDirections),
        Tie("$defs/ioctl/properties/permissions/items", Vocabulary.Permissions),
    ];

    /// <summary>Enums of the schema that are syntax of the format, not words of the vocabulary.</summary>
    private static readonly string[] FormatEnums =
    [
        "properties/ioctl/properties/style",
        "$defs/field/properties/kind",
        "$defs/struct/properties/kind",
        "$defs/ioctl/properties/returns",
        "$defs/ioctl/properties/encoding",
    ];

    private static (string, string[], string[]) Tie<TTerm, T>(string schemaPath, TermTable<TTerm, T> table, Func<TTerm, bool>? where = null)
        where TTerm : Term<T>
        where T : struct
    {
        var terms = table.Where(t => where is null || where(t)).ToList();
        return (schemaPath, terms.Select(t => t.Spec).ToArray(), terms.Select(t => t.Doc).ToArray());
    }

    private static JsonNode Schema() => JsonNode.Parse(File.ReadAllText(Repo.PathOf("abi-spec", "abikit.schema.json")))!;

    /// <summary>The schema is hand-written (its structure and prose are not the vocabulary's); this test keeps its
    /// enums equal to the table, and prints the exact JSON to paste when they drift.</summary>
    [Fact]
    public void Schema_enums_and_their_descriptions_are_the_vocabulary()
    {
        var schema = Schema();
        var drift = new List<string>();
        foreach (var (path, spellings, docs) in Ties)
        {
            var node = path.Split('/').Aggregate((JsonNode?)schema, (n, key) => n?[key]);
            if (node is null)
            {
                drift.Add($"{path}: not in the schema");
                continue;
            }
            string[] Strings(string key) => node[key] is JsonArray a ? a.Select(x => x?.GetValue<string>() ?? "").ToArray() : [];
            if (!Strings("enum").SequenceEqual(spellings) || !Strings("enumDescriptions").SequenceEqual(docs))
            {
                drift.Add($"{path}: the schema says\n    \"enum\": {JsonSerializer.Serialize(Strings("enum"))}, \"enumDescriptions\": {JsonSerializer.Serialize(Strings("enumDescriptions"))}\n" +
                    $"  the vocabulary says\n    \"enum\": {JsonSerializer.Serialize(spellings)}, \"enumDescriptions\": {JsonSerializer.Serialize(docs, Unescaped)}");
            }
        }
        Assert.True(drift.Count == 0, "abi-spec/abikit.schema.json differs from AbiKit.Model's Vocabulary:\n" + string.Join("\n", drift));
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A closed set added to the schema alone (or to the vocabulary without a tie) fails here.</summary>
    [Fact]
    public void Every_enum_of_the_schema_is_tied_to_the_vocabulary_or_is_format_syntax()
    {
        var found = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                if (o["enum"] is JsonArray) found.Add(path);
                foreach (var (key, child) in o) Walk(child, path.Length == 0 ? key : path + "/" + key);
            }
            else if (node is JsonArray a)
            {
                for (int i = 0; i < a.Count; i++) Walk(a[i], path + "/" + i);
            }
        }
        Walk(Schema(), "");
        var known = Ties.Select(t => t.SchemaPath).Concat(FormatEnums).ToHashSet();
        var untied = found.Where(p => !known.Contains(p)).ToList();
        var missing = known.Where(p => !found.Contains(p)).ToList();
        Assert.True(untied.Count == 0, "enums of the schema tied to no vocabulary table (add a Tie, or list them as format syntax): " + string.Join(", ", untied));
        Assert.True(missing.Count == 0, "tied enums the schema lacks: " + string.Join(", ", missing));
    }

    /// <summary>docs/spec-format.md's effect table has a row for every effect.</summary>
    [Fact]
    public void The_spec_format_documents_every_effect()
    {
        string doc = File.ReadAllText(Repo.PathOf("docs", "spec-format.md"));
        Assert.Empty(Vocabulary.Effects.Where(t => !doc.Contains($"| `{t.Spec}` |", StringComparison.Ordinal)).Select(t => t.Spec));
    }

    /// <summary>Each closed key of the reader: a spec with <c>@</c> where the value goes.</summary>
    public static TheoryData<string, string> Keys() => new()
    {
        { "enum type", """ "enums": [ { "name": "e", "type": "@", "values": [ { "name": "E_A", "value": 0 } ] } ] """ },
        { "flag set type", """ "flags": [ { "name": "f", "type": "@", "flags": [ { "name": "F_A", "value": 1 } ] } ] """ },
        { "access", """ "flags": [ { "name": "f", "type": "u32", "flags": [ { "name": "F_A", "value": 1, "access": "@" } ] } ] """ },
        { "handle type", """ "handles": [ { "name": "h", "type": "@" } ] """ },
        { "scope", """ "handles": [ { "name": "h", "type": "u32", "scope": "@" } ] """ },
        { "field dir", """ "structs": [ { "name": "s", "fields": [ { "name": "a", "type": "u32", "dir": "@" } ] } ] """ },
        { "ioctl dir", """ "ioctls": [ { "name": "IO", "nr": 1, "dir": "@" } ] """ },
        { "permission", """ "ioctls": [ { "name": "IO", "nr": 1, "dir": "none", "permissions": [ "@" ] } ] """ },
        { "effect", """
            "structs": [ { "name": "s", "fields": [ { "name": "a", "type": "u32" } ] } ],
            "ioctls": [ { "name": "IO", "nr": 1, "dir": "in", "arg": "s", "semantics": [ { "effect": "@" } ] } ]
            """ },
    };

    private static string[] SpellingsOf(string key) => key switch
    {
        "enum type" => Vocabulary.Scalars.Spellings(t => t.FixedWidth),
        "flag set type" => Vocabulary.Scalars.Spellings(t => t.FixedWidth && !t.Signed),
        "access" => Vocabulary.CpuAccesses.Spellings(),
        "handle type" => Vocabulary.Scalars.Spellings(t => t.CarriesHandles),
        "scope" => Vocabulary.HandleScopes.Spellings(),
        "field dir" => Vocabulary.FieldDirections.Spellings(),
        "ioctl dir" => Vocabulary.IoctlDirections.Spellings(),
        "permission" => Vocabulary.Permissions.Spellings(),
        _ => Vocabulary.Effects.Spellings(),
    };

    private static bool IsReaderRejection(AbiDiagnostic d) => d.Id == "ABI104" && (d.Message.Contains("must be one of") || d.Message.Contains("must be among"));

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_reader_accepts_every_spelling_of_the_vocabulary(string key, string members)
    {
        var spellings = SpellingsOf(key);
        Assert.NotEmpty(spellings);
        foreach (var spelling in spellings)
        {
            var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec(members.Replace("@", spelling)));
            Assert.False(result.Diagnostics.Any(IsReaderRejection), $"{key} \"{spelling}\":\n{InMemorySpecs.Ids(result)}");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_reader_rejects_any_other_spelling_where_it_stands_and_lists_the_vocabulary(string key, string members)
    {
        var spellings = SpellingsOf(key);
        // A near miss (case), a word of another key, and a word of the same table the key does not take.
        var others = new List<string> { spellings[0].ToUpperInvariant(), "bogus", "inout2" };
        others.AddRange(Vocabulary.Scalars.AllSpellings.Where(s => !spellings.Contains(s)).Take(2));
        foreach (var other in others.Where(o => !spellings.Contains(o)))
        {
            string text = InMemorySpecs.Spec(members.Replace("@", other));
            var result = InMemorySpecs.LoadOne(text);
            var d = Assert.Single(result.Diagnostics, IsReaderRejection);
            string plain = string.Join(", ", spellings), quoted = "\"" + string.Join("\", \"", spellings) + "\"";
            Assert.True(d.Message.Contains(plain) || d.Message.Contains(quoted), $"{key} \"{other}\": {d.Message}");
            Assert.Contains(other, d.Message.Contains("must be among") ? text : d.Message);
            int at = text.IndexOf("\"" + other + "\"", StringComparison.Ordinal);
            int line = text.Take(at).Count(c => c == '\n') + 1;
            int column = at - text.LastIndexOf('\n', at - 1);
            Assert.Equal((line, column), (d.Position.Line, d.Position.Column));
            Assert.Null(result.Model);
        }
    }

    /// <summary>A field's type takes every spelling of every scalar (spec, C and alias spellings), each meaning its row.</summary>
    [Fact]
    public void Every_scalar_spelling_resolves_to_its_row()
    {
        foreach (var term in Vocabulary.Scalars)
        {
            foreach (var spelling in new[] { term.Spec }.Concat(term.Aliases))
            {
                var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$""" "structs": [ { "name": "s", "fields": [ { "name": "a", "type": "{{spelling}}" }, { "name": "b", "type": "u64" } ] } ] """));
                var model = result.Model ?? result.LaidOut;
                Assert.True(model is not null, $"\"{spelling}\":\n{InMemorySpecs.Ids(result)}");
                var field = model!.Structs.Single().Fields[0];
                Assert.Equal((TypeKind.Scalar, term.Value, term.CName, term.CsName), (field.Type.Kind, field.Type.Scalar, field.Type.CType, field.Type.CsType));
                bool linted = result.Diagnostics.Any(d => d.Message.Contains("field 'a'", StringComparison.Ordinal) && d.Message.Contains("native", StringComparison.Ordinal));
                Assert.True(term.FixedWidth != linted, $"\"{spelling}\":\n{InMemorySpecs.Ids(result)}");
            }
        }
    }

    [Fact]
    public void A_type_outside_the_vocabulary_is_an_unresolved_name_where_it_stands()
    {
        foreach (var other in new[] { "uint8_t", "U32", "__u128", "long long" })
        {
            var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$""" "structs": [ { "name": "s", "fields": [ { "name": "a", "type": "{{other}}" } ] } ] """));
            var d = result.Single("ABI201");
            Assert.Contains($"unknown type '{other}'", d.Message);
            Assert.Equal(5, d.Position.Line);
        }
    }

    [Fact]
    public void The_table_is_whole_and_each_word_is_spelled_once()
    {
        Assert.Equal(Enum.GetValues<ScalarKind>(), Vocabulary.Scalars.Select(t => t.Value).Order());
        Assert.Equal(Enum.GetValues<SemanticEffect>(), Vocabulary.Effects.Select(t => t.Value).Order());
        Assert.Equal(Enum.GetValues<FieldDirection>(), Vocabulary.FieldDirections.Select(t => t.Value).Order());
        Assert.Equal(Enum.GetValues<IoctlDirection>(), Vocabulary.IoctlDirections.Select(t => t.Value).Order());
        Assert.Equal(Enum.GetValues<HandleScope>(), Vocabulary.HandleScopes.Select(t => t.Value).Order());
        Assert.Equal(Enum.GetValues<IoctlPermissions>().Where(p => p != IoctlPermissions.None), Vocabulary.Permissions.Select(t => t.Value).Order());
        // Spellings are unique across a table (the table's constructor throws otherwise): a spec word means one thing.
        Assert.Equal(Vocabulary.Scalars.AllSpellings.Count(), Vocabulary.Scalars.AllSpellings.Distinct().Count());
    }
}
