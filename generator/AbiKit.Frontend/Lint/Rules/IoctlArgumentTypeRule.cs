using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Lint.Rules
{
    /// <summary>ABI303 and ABI300 for an ioctl's scalar argument: a native pointer or native-width type.</summary>
    internal sealed class IoctlArgumentTypeRule : IIoctlRule
    {
        public void Check(LintContext context, AbiIoctl io, AbiStruct? arg, IoctlSource at)
        {
            if (io.Arg.Kind != TypeKind.Scalar || io.Arg.Name.Length == 0 || Scalars.IsFixedWidth(io.Arg.Scalar) || at.Arg is not { } position) return;
            var d = io.Arg.Scalar == ScalarKind.NativePointer ? DiagnosticCatalog.NativePointer : DiagnosticCatalog.NotFixedWidth;
            context.Report(d, position, $"{io.Name}'s argument is the native type {Scalars.CName(io.Arg.Scalar)} ({LintText.Sizes(io.Arg.Scalar)}); use a fixed-width type, and carry user pointers as a __u64 inside a struct");
        }
    }
}
