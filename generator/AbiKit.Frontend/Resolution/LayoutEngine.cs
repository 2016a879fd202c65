using System.Collections.Generic;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// Computes C struct layout by the SysV psABI rules of x86_64 and i386: each member at the next multiple
    /// of its alignment, the struct aligned to its most-aligned member and sized to a multiple of it.
    /// The only place in AbiKit that computes layout; everything else reads <see cref="StructLayout"/>.
    /// </summary>
    public static class LayoutEngine
    {
        /// <summary>Size and alignment of one value of <paramref name="type"/> on <paramref name="arch"/>.</summary>
        /// <param name="type">The type.</param>
        /// <param name="arch">The architecture.</param>
        /// <param name="structLayout">Finds a (nested) struct's layout by name.</param>
        public static (int Size, int Align) SizeOf(TypeRef type, Arch arch, System.Func<string, StructLayout?> structLayout)
        {
            if (type.Kind == TypeKind.Struct)
            {
                var nested = structLayout(type.Name);
                return nested is null ? (0, 1) : (nested.Size, nested.Align);
            }
            return (Scalars.Size(type.Scalar, arch), Scalars.Align(type.Scalar, arch));
        }

        /// <summary>The array count that marks a flexible array member: no size, its element's alignment.</summary>
        public const int FlexibleCount = -1;

        /// <summary>Lays out fields (type, array count; 0 = single value, <see cref="FlexibleCount"/> = flexible array) on <paramref name="arch"/>, one after another
        /// for a struct, all at offset 0 for a union. <paramref name="packed"/> is C's <c>__attribute__((packed))</c>: every member
        /// aligned to 1 (a nested aggregate keeps its own inside), so no padding, and the aggregate aligned to 1, on every ABI.</summary>
        public static StructLayout Layout(IReadOnlyList<(TypeRef Type, int Count)> fields, Arch arch, System.Func<string, StructLayout?> structLayout, AggregateKind kind = AggregateKind.Struct, bool packed = false)
        {
            if (kind == AggregateKind.Union) return UnionLayout.Layout(fields, arch, structLayout, packed);
            var placed = new List<FieldLayout>(fields.Count);
            var holes = new List<Hole>();
            int offset = 0;
            int maxAlign = 1;
            for (int i = 0; i < fields.Count; i++)
            {
                var (size, align) = SizeOf(fields[i].Type, arch, structLayout);
                if (packed) align = 1;
                if (fields[i].Count > 0) size *= fields[i].Count;
                else if (fields[i].Count == FlexibleCount) size = 0;
                int aligned = RoundUp(offset, align);
                if (aligned > offset) holes.Add(new Hole(offset, aligned - offset, i - 1, IsTail: false));
                placed.Add(new FieldLayout(aligned, size, align));
                offset = aligned + size;
                if (align > maxAlign) maxAlign = align;
            }
            int total = RoundUp(offset, maxAlign);
            if (total > offset) holes.Add(new Hole(offset, total - offset, fields.Count - 1, IsTail: true));
            return new StructLayout(arch, total, maxAlign, placed.ToEquatableArray(), holes.ToEquatableArray());
        }

        internal static int RoundUp(int value, int align) => (value + align - 1) / align * align;
    }
}
