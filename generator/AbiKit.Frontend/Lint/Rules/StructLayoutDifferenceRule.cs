using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI304 for structs: every ABI must see the same bytes; a difference means a compat ioctl (drm_ioc32.c)
    /// or a broken caller.</summary>
    internal sealed class StructLayoutDifferenceRule : IStructRule
    {
        public void Check(LintContext context, AbiStruct s, StructSource at)
        {
            var reference = s.Layout(Arch.X86_64);
            var differing = Arches.All.Where(a => !s.SameLayoutOn(new[] { a })).ToList();
            if (differing.Count == 0) return;

            var sizes = differing.Where(a => s.Layout(a).Size != reference.Size).GroupBy(a => s.Layout(a).Size)
                .Select(g => $"{g.Key} on {Arches.Describe(g.ToList())}").ToList();
            string size = sizes.Count == 0
                ? $"{reference.Size} bytes on every ABI but its fields are placed differently"
                : $"{reference.Size} bytes on x86_64 but {string.Join(", ", sizes)}";
            var fields = new List<string>();
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var field = reference.Fields[i];
                var others = differing.Where(a => s.Layout(a).Fields[i].Offset != field.Offset || s.Layout(a).Fields[i].Size != field.Size)
                    .GroupBy(a => (s.Layout(a).Fields[i].Offset, s.Layout(a).Fields[i].Size))
                    .Select(g => $"{g.Key.Offset}+{g.Key.Size} on {Arches.Describe(g.ToList())}").ToList();
                if (others.Count > 0) fields.Add($"'{s.Fields[i].Name}' at {field.Offset}+{field.Size} on x86_64 vs {string.Join(", ", others)}");
            }
            string detail = fields.Count > 0 ? "; fields differ: " + string.Join("; ", fields) : "";
            context.Report(DiagnosticCatalog.ArchMismatch, at.Name,
                $"{s.CKeyword} {s.Name} is {size}{detail}; 32-bit programs on a 64-bit kernel and other architectures would need a compat ioctl. Use fixed-width types and explicit padding");
        }
    }
}
