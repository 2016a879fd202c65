using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI305: a field named like flags but typed by a bare scalar, so unknown bits cannot be rejected.</summary>
    internal sealed class UnmaskedFlagsRule : IFieldRule
    {
        private static readonly Regex FlagsName = new(@"(^|_)flags$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public void Check(LintContext context, AbiStruct s, AbiField f, FieldSource at, StructSource ownerAt)
        {
            if (f.Type.Kind == TypeKind.Scalar && !f.Reserved && FlagsName.IsMatch(f.Name) && !LintContext.Allowed(DiagnosticCatalog.UnmaskedFlags, at, ownerAt))
                context.Report(DiagnosticCatalog.UnmaskedFlags, at.Type,
                    $"field '{f.Name}' of {s.CKeyword} {s.Name} looks like flags but is a bare {f.Type.Name}; type it by a flag set so unknown bits are rejected (EINVAL) and can be given meaning later, or mark it reserved");
        }
    }
}
