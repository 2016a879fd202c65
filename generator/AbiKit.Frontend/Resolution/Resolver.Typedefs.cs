using System.Collections.Generic;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Typedef names: another spelling of a type, never another layout.
    public sealed partial class Resolver
    {
        /// <summary>Declares the spec's typedef names, in order (as C, a typedef names only what is declared before it, or
        /// any struct of the spec: C accepts a typedef of a tag declared later). Runs after the structs are declared
        /// and before they are laid out, so that fields can be written with typedef names.</summary>
        private List<AbiTypedef> ResolveTypedefs()
        {
            var typedefs = new List<AbiTypedef>();
            foreach (var t in _spec.Typedefs)
            {
                if (ResolveType(t.Type, $"typedef '{t.Name.Value}'") is not { } target) continue;
                if (target.Kind == TypeKind.Struct && _symbols.TryGet(target.Name, out var aggregate) && aggregate.Inline)
                {
                    // An inline aggregate has no name C could write after `typedef`.
                    _sink.Report(DiagnosticCatalog.UnresolvedName, t.Type.Position, $"typedef '{t.Name.Value}' names '{t.Type.Value}', an inline aggregate that C cannot name; declare it as a struct of its own");
                    continue;
                }
                var model = new AbiTypedef(t.Name.Value, target, t.Doc);
                if (Declare(t, target.Kind, s => { s.Alias = model.Type; s.CsName = target.CsType; s.Base = target.Scalar; })) typedefs.Add(model);
            }
            return typedefs;
        }
    }
}
