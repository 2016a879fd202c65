using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI308: a user pointer field with no field holding its length.</summary>
    internal sealed class PointerWithoutLengthRule : IFieldRule
    {
        public void Check(LintContext context, AbiStruct s, AbiField f, FieldSource at, StructSource ownerAt)
        {
            if (f.Type.Kind == TypeKind.UserPointer && f.LengthField.Length == 0 && !LintContext.Allowed(DiagnosticCatalog.PointerWithoutLength, at, ownerAt))
                context.Report(DiagnosticCatalog.PointerWithoutLength, at.Type,
                    $"ptr field '{f.Name}' of {s.CKeyword} {s.Name} has no \"length\"; name the field that holds its size in bytes so callers and checked mode can bound it");
        }
    }
}
