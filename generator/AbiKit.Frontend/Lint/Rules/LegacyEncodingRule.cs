using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI310: a legacy request code, with no direction or size bits to check the argument by.</summary>
    internal sealed class LegacyEncodingRule : IIoctlRule
    {
        public void Check(LintContext context, AbiIoctl io, AbiStruct? arg, IoctlSource at)
        {
            if (io.LegacyEncoding && !at.Allows(DiagnosticCatalog.LegacyEncoding.Id) && at.Encoding is { } position)
                context.Report(DiagnosticCatalog.LegacyEncoding, position,
                    $"{io.Name} uses a legacy request code ({io.DecodedCode(Arch.X86_64)}) with no direction or size bits, so neither the kernel nor tools can check its argument; new ioctls use _IOR/_IOW/_IOWR");
        }
    }
}
