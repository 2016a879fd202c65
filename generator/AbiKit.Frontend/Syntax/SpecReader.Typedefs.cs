using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Syntax
{
    // "typedefs" entries and a struct's "tag": false.
    public static partial class SpecReader
    {
        private static void ReadTypedef(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "typedef", sink, "name", "type", "doc") is not { } r) return;
            var t = new TypedefSyntax();
            bool ok = ReadDeclaration(r, t, "typedef");
            if (r.String("type", required: true) is { } type) t.Type = type; else ok = false;
            if (ok) spec.Typedefs.Add(t);
        }

        // "tag": false declares `typedef struct { … } name;`; true is the default, a tagged `struct name { … };`.
        private static void ReadTag(ObjectReader r, StructSyntax s)
        {
            if (r.Bool("tag") == false) s.Tagless = r.Position;
        }
    }
}
