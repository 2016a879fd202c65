using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Model
{
    /// <summary>A member as C code names it: anonymous members dissolved into their enclosing aggregate.</summary>
    /// <param name="Path">The C designator (<c>pad_to_size</c> inside an anonymous union, <c>alloc.ctx_id</c> through a named member).</param>
    /// <param name="Field">The member.</param>
    /// <param name="Offset">Its offset from the start of the outermost aggregate.</param>
    /// <param name="Size">Its size.</param>
    public sealed record FlatMember(string Path, AbiField Field, int Offset, int Size);

    /// <summary>Walks aggregates the way C names their members.</summary>
    public static class AggregateMembers
    {
        /// <summary>The members C code can name directly in <paramref name="s"/> on <paramref name="arch"/>: named fields as
        /// they are, the members of anonymous members in their place (recursively), with absolute offsets.</summary>
        public static IEnumerable<FlatMember> Named(this AbiFamily family, AbiStruct s, Arch arch, int baseOffset = 0)
        {
            var layout = s.Layout(arch);
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var f = s.Fields[i];
                int offset = baseOffset + layout.Fields[i].Offset;
                if (f.Anonymous && family.Structs.FirstOrDefault(x => x.Name == f.Type.Name) is { } inner)
                {
                    foreach (var m in family.Named(inner, arch, offset)) yield return m;
                }
                else
                {
                    yield return new FlatMember(f.Name, f, offset, layout.Fields[i].Size);
                }
            }
        }
    }
}
