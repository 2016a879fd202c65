using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI303 (a native pointer field) and ABI300 (a native-width scalar field): both change size between ABIs.</summary>
    internal sealed class FieldTypeRule : IFieldRule
    {
        public void Check(LintContext context, AbiStruct s, AbiField f, FieldSource at, StructSource ownerAt)
        {
            if (f.Type.Kind != TypeKind.Scalar) return;
            if (f.Type.Scalar == ScalarKind.NativePointer)
                context.Report(DiagnosticCatalog.NativePointer, at.Type,
                    $"field '{f.Name}' of {s.CKeyword} {s.Name} is a native pointer ({LintText.Sizes(f.Type.Scalar)}); carry user pointers as \"type\": \"ptr\" (__u64) and cast through uintptr_t");
            // A char array (char name[32]) is the same bytes on every ABI: the kernel's own uapi uses them for names.
            else if (!Scalars.IsFixedWidth(f.Type.Scalar) && !(f.Type.Scalar == ScalarKind.Char && f.Count > 0))
                context.Report(DiagnosticCatalog.NotFixedWidth, at.Type,
                    $"field '{f.Name}' of {s.CKeyword} {s.Name} has native type {Scalars.CName(f.Type.Scalar)} ({LintText.Sizes(f.Type.Scalar)}); use a fixed-width type (u8…u64, s8…s64)");
        }
    }
}
