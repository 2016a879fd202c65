using System.Collections.Generic;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// Bounds a struct's size before <see cref="LayoutEngine"/> computes it in <c>int</c>: array counts multiply through
    /// nested structs (<c>u64[16383]</c> in <c>[16383]</c> in <c>[3]</c> is 6 GB), and a wrapped size would be a wrong
    /// layout accepted silently. Also bounds how deep structs may nest, so resolution cannot overflow the stack.
    /// </summary>
    public static class StructLimits
    {
        /// <summary>The largest struct AbiKit lays out (1 GiB): far beyond any ioctl argument (16 KiB), and small
        /// enough that every offset and size, also of an array of such structs, is computed without overflow.</summary>
        public const long MaxSize = 1L << 30;

        /// <summary>How deep structs may contain structs.</summary>
        public const int MaxNesting = 64;

        /// <summary>An upper bound of the struct's size on <paramref name="arch"/>, computed in 64 bits: every field's
        /// size times its count plus the most padding its alignment can add, plus the tail padding.</summary>
        public static long UpperBound(IReadOnlyList<(TypeRef Type, int Count)> fields, Arch arch, System.Func<string, StructLayout?> structLayout)
        {
            long total = 0;
            long maxAlign = 1;
            foreach (var (type, count) in fields)
            {
                var (size, align) = LayoutEngine.SizeOf(type, arch, structLayout);
                total += (align - 1L) + (long)size * System.Math.Max(1, count);
                if (align > maxAlign) maxAlign = align;
                if (total > MaxSize) return total;
            }
            return total + maxAlign - 1;
        }
    }
}
