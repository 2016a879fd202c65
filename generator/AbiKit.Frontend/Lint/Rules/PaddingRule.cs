using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI302 (a struct with a 64-bit member whose fields do not end on a multiple of 8, so its size depends on
    /// the ABI) and ABI301 (implicit holes, between fields or at the tail, that the kernel cannot check).</summary>
    internal sealed class PaddingRule : IStructRule
    {
        public void Check(LintContext context, AbiStruct s, StructSource at)
        {
            var x64 = s.Layout(Arch.X86_64);
            bool has64 = x64.Fields.Any(f => f.Align == 8);
            // The furthest member end: the last field's in a struct, the largest member's in a union.
            int end64 = x64.Fields.Count == 0 ? 0 : x64.Fields.Max(f => f.Offset + f.Size);
            bool reportedTail = false;
            if (has64 && end64 % 8 != 0)
            {
                reportedTail = true;
                var padded = Arches.All.GroupBy(a => s.Layout(a).Size).Select(g => $"{g.Key} bytes on {Arches.Describe(g.ToList())}");
                int missing = LintText.Round8(end64) - end64;
                context.Report(DiagnosticCatalog.SizeNotMultipleOf8, at.Name,
                    $"{s.CKeyword} {s.Name} has a 64-bit member but its fields end at {end64}, so the compiler pads it to a size that depends on the ABI: {string.Join(", ", padded)}. Append explicit reserved fields totalling {missing} bytes ({LintText.PadHint(missing)})");
            }

            // One report per hole position, naming every ABI that has it, with the first such ABI's numbers.
            var holes = Arches.All.SelectMany(a => s.Layout(a).Holes.Select(h => (Arch: a, Hole: h)))
                .GroupBy(x => (x.Hole.AfterField, x.Hole.IsTail));
            foreach (var group in holes)
            {
                var hole = group.First().Hole;
                if (hole.IsTail && reportedTail) continue;
                string arch = Arches.Describe(group.Select(x => x.Arch).Distinct().ToList());
                if (hole.IsTail)
                {
                    context.Report(DiagnosticCatalog.ImplicitHole, at.Name, s.Kind == AggregateKind.Union
                        ? $"union {s.Name} ends with {hole.Size} bytes of implicit tail padding at offset {hole.Offset} on {arch}: no member covers them. Pad the largest member with an explicit reserved field, or add a reserved u8 member with \"count\": {hole.Offset + hole.Size}"
                        : $"struct {s.Name} ends with {hole.Size} bytes of implicit tail padding at offset {hole.Offset} on {arch}; append an explicit reserved field of {hole.Size} bytes");
                }
                else
                {
                    string next = s.Fields[hole.AfterField + 1].Name;
                    context.Report(DiagnosticCatalog.ImplicitHole, at.Fields[hole.AfterField + 1].Name,
                        $"{hole.Size}-byte hole before field '{next}' of struct {s.Name} at offset {hole.Offset} on {arch}: the compiler pads it silently and the kernel cannot check those bytes. Insert an explicit reserved field of {hole.Size} bytes before it");
                }
            }
        }
    }
}
