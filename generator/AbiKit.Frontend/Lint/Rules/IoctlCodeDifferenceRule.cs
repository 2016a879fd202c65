using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI304 for ioctls: a request code whose size bits differ between ABIs. A struct argument's size
    /// difference is reported once, at the struct (<see cref="StructLayoutDifferenceRule"/>); codes are compared modulo
    /// each ABI's encoding, so only the size field may not differ.</summary>
    internal sealed class IoctlCodeDifferenceRule : IIoctlRule
    {
        public void Check(LintContext context, AbiIoctl io, AbiStruct? arg, IoctlSource at)
        {
            int size = io.DecodedCode(Arch.X86_64).Size;
            var differing = Arches.All.Where(a => io.DecodedCode(a).Size != size).ToList();
            if (differing.Count > 0 && io.Arg.Kind != TypeKind.Struct)
                context.Report(DiagnosticCatalog.ArchMismatch, at.Arg ?? at.Name,
                    $"{io.CodeMacro} encodes as {io.DecodedCode(Arch.X86_64)} on x86_64 but "
                    + string.Join(", ", differing.GroupBy(a => io.DecodedCode(a).Size).Select(g => $"with size {g.Key} ({io.DecodedCode(g.First())}) on {Arches.Describe(g.ToList())}"))
                    + " because its argument's size differs; as with DMA_BUF_SET_NAME, 32-bit callers would send a code the driver does not know. Use a fixed-width argument");
        }
    }
}
