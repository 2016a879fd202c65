using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Syntax
{
    public sealed partial class StructSyntax
    {
        /// <summary>"packed": true — C's <c>__attribute__((packed))</c>: every member at alignment 1, no padding, the aggregate
        /// aligned to 1 (i915's engine-map extensions). The position is the struct entry's; null when not packed.</summary>
        public SourcePosition? Packed { get; set; }
    }

    // A struct's "packed".
    public static partial class SpecReader
    {
        private static void ReadPacked(ObjectReader r, StructSyntax s)
        {
            if (r.Bool("packed") == true) s.Packed = r.Position;
        }
    }
}
