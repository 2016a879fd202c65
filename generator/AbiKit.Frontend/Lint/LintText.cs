using System.Linq;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint
{
    /// <summary>How lint messages spell sizes and padding advice.</summary>
    internal static class LintText
    {
        /// <summary>The size of <paramref name="kind"/>: one number, or each size with the ABIs that have it.</summary>
        public static string Sizes(ScalarKind kind)
        {
            var bySize = Arches.All.GroupBy(a => Scalars.Size(kind, a)).ToList();
            return bySize.Count == 1 ? $"{bySize[0].Key} bytes" : string.Join(", ", bySize.Select(g => $"{g.Key} bytes on {Arches.Describe(g.ToList())}"));
        }

        public static int Round8(int v) => (v + 7) / 8 * 8;

        public static string PadHint(int bytes) => bytes == 4 ? "e.g. a reserved u32 \"pad\"" : bytes == 2 ? "e.g. a reserved u16 \"pad\"" : $"e.g. a reserved u8 \"pad\" with \"count\": {bytes}";
    }
}
