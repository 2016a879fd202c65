using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI307: a device-global handle kind, whose small integer names any client can guess (GEM flink).</summary>
    internal sealed class GlobalHandleRule : IHandleRule
    {
        public void Check(LintContext context, AbiHandle handle, HandleSource at)
        {
            if (handle.Scope == HandleScope.Global && !at.Allows(DiagnosticCatalog.GlobalHandle.Id))
                context.Report(DiagnosticCatalog.GlobalHandle, at.Scope,
                    $"handle kind '{handle.Name}' is device-global: any client can guess its small integer names and open other clients' objects (GEM flink's flaw); use per-file handles and share through file descriptors or unguessable tokens");
        }
    }
}
