using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Flexible array members: where C allows them, and the count field that sizes them.
    public sealed partial class Resolver
    {
        private void ValidateFlexibleArrays(Symbol symbol, StructSyntax syntax, List<AbiField> fields)
        {
            for (int i = 0; i < fields.Count; i++)
            {
                var f = fields[i];
                // The syntax of this field: the same occurrence of its name (a duplicate name is reported elsewhere,
                // and must not make the second field's checks read the first one's syntax).
                int occurrence = fields.Take(i).Count(x => x.Name == f.Name);
                var at = syntax.Fields.Where(x => x.Name.Value == f.Name).Skip(occurrence).FirstOrDefault() ?? syntax.Fields.First(x => x.Name.Value == f.Name);
                if (f.Type.Kind == TypeKind.Struct && _symbols.TryGet(f.Type.Name, out var inner) && inner.Struct?.Fields.Any(x => x.Flexible) == true)
                    _sink.Report(DiagnosticCatalog.InvalidValue, at.Type.Position,
                        $"field '{f.Name}' is a {inner.Struct.CKeyword} {f.Type.Name}, which ends in a flexible array: it can only be used whole, as an ioctl argument or through a pointer, never inside another aggregate");
                if (!f.Flexible) continue;
                var position = at.Flexible?.Position ?? at.Name.Position;
                if (symbol.Aggregate == AggregateKind.Union)
                    _sink.Report(DiagnosticCatalog.InvalidValue, position, $"flexible array '{f.Name}' cannot be a union member; put it last in a struct");
                else if (i != fields.Count - 1)
                    _sink.Report(DiagnosticCatalog.InvalidValue, position, $"flexible array '{f.Name}' must be the last field of struct {symbol.Name}; C places the elements after the struct");
                else if (i == 0)
                    _sink.Report(DiagnosticCatalog.InvalidValue, position, $"flexible array '{f.Name}' needs a field before it (C forbids a struct of only a flexible array), such as its element count");
                if (f.CountedBy.Length == 0) continue;
                var count = fields.Take(i).FirstOrDefault(x => x.Name == f.CountedBy);
                if (count is null || count.Type.Kind != TypeKind.Scalar || !Scalars.IsFixedWidth(count.Type.Scalar) || Scalars.IsSigned(count.Type.Scalar) || count.Count != 0)
                    _sink.Report(DiagnosticCatalog.InvalidLengthField, at.CountedBy?.Position ?? at.Name.Position,
                        $"countedBy '{f.CountedBy}' must name an unsigned scalar field (u8…u64) before '{f.Name}' in struct {symbol.Name}");
            }
        }
    }
}
