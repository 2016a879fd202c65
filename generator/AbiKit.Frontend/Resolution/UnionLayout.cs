using System.Collections.Generic;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// C's union layout (the same rule on every Linux ABI): every member at offset 0; the union's alignment is its
    /// most aligned member's and its size the largest member's, rounded up to that alignment. The only bytes the
    /// compiler adds are that rounding, reported as tail padding; bytes a smaller member leaves uncovered are the
    /// other members' and not a hole.
    /// </summary>
    internal static class UnionLayout
    {
        public static StructLayout Layout(IReadOnlyList<(TypeRef Type, int Count)> members, Arch arch, System.Func<string, StructLayout?> structLayout, bool packed = false)
        {
            var placed = new List<FieldLayout>(members.Count);
            int largest = 0;
            int maxAlign = 1;
            foreach (var (type, count) in members)
            {
                var (size, align) = LayoutEngine.SizeOf(type, arch, structLayout);
                if (packed) align = 1;
                if (count > 0) size *= count;
                placed.Add(new FieldLayout(0, size, align));
                if (size > largest) largest = size;
                if (align > maxAlign) maxAlign = align;
            }
            int total = LayoutEngine.RoundUp(largest, maxAlign);
            var holes = new List<Hole>();
            if (total > largest) holes.Add(new Hole(largest, total - largest, members.Count - 1, IsTail: true));
            return new StructLayout(arch, total, maxAlign, placed.ToEquatableArray(), holes.ToEquatableArray());
        }
    }
}
