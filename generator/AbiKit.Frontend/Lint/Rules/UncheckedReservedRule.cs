using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI306: a field named like padding or a reserved field that is not declared must-be-zero.</summary>
    internal sealed class UncheckedReservedRule : IFieldRule
    {
        private static readonly Regex ReservedName = new(@"^_*(pad|padding|rsvd|resv|reserved|mbz|unused|spare)\d*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public void Check(LintContext context, AbiStruct s, AbiField f, FieldSource at, StructSource ownerAt)
        {
            if (!f.Reserved && ReservedName.IsMatch(f.Name) && !LintContext.Allowed(DiagnosticCatalog.UncheckedReserved, at, ownerAt))
                context.Report(DiagnosticCatalog.UncheckedReserved, at.Name,
                    $"field '{f.Name}' of {s.CKeyword} {s.Name} looks like padding or a reserved field; add \"reserved\": true so it must be zero (EINVAL otherwise) and can be used later");
        }
    }
}
