using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI309: an ioctl that copies its argument out although no field of it is an output.</summary>
    internal sealed class NeedlessOutDirectionRule : IIoctlRule
    {
        public void Check(LintContext context, AbiIoctl io, AbiStruct? arg, IoctlSource at)
        {
            if (arg is null || (io.Direction & IoctlDirection.Out) == 0 || at.Allows(DiagnosticCatalog.NeedlessOutDirection.Id)) return;
            if (!arg.Fields.Any(f => f.Direction != FieldDirection.In))
                context.Report(DiagnosticCatalog.NeedlessOutDirection, at.Dir,
                    $"{io.Name} is {io.Direction.MacroName()} but struct {arg.Name} has no \"out\" or \"inout\" field; use \"dir\": \"in\" or mark the fields the kernel writes");
        }
    }
}
