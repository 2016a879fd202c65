using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// Whether an access to CPU-visible memory writes it, following derived memory: slices, <c>MemoryMarshal</c>
    /// casts and span conversions of the value are the same memory, so a write through them is a write of it.
    /// </summary>
    /// <remarks>
    /// A write is an element assignment (or increment, or ref/out use) through an indexer, <c>Fill</c> or
    /// <c>Clear</c>, passing the memory as a writable <see cref="Span{T}"/> to a method outside the compilation
    /// (<c>Stream.Read</c>, <c>Encoding.GetBytes</c>, <c>CopyTo</c>'s destination: a library that takes a writable
    /// span writes it), or to a helper in the compilation whose summary says it writes that parameter. A conversion
    /// to <see cref="ReadOnlySpan{T}"/> is a read.
    /// </remarks>
    internal static class MemoryWrites
    {
        private const string MemoryMarshal = "System.Runtime.InteropServices.MemoryMarshal";

        /// <summary>True when <paramref name="access"/> (a span-valued operation) is written.</summary>
        public static bool IsWrite(IOperation access, MethodSummaries? summaries, int depth = 0)
        {
            if (depth > 8) return false;
            var child = access;
            var parent = access.Parent;
            while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
            {
                child = parent;
                parent = parent.Parent;
            }
            switch (parent)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when ReferenceEquals(indexer.Instance, child):
                    return indexer.Parent switch
                    {
                        IAssignmentOperation assignment => ReferenceEquals(assignment.Target, indexer),
                        IIncrementOrDecrementOperation => true,
                        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                        _ => false,
                    };
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, child):
                    if (invocation.TargetMethod.Name is "Fill" or "Clear") return true;
                    // A slice is the same memory: writing it writes this.
                    return invocation.TargetMethod.Name == "Slice" && IsWrite(invocation, summaries, depth + 1);
                case IArgumentOperation argument:
                    if (argument.Parameter is null) return false;
                    if (argument.Parameter is { Name: "destination" } or { RefKind: RefKind.Ref or RefKind.Out }) return true;
                    if (argument.Parent is not IInvocationOperation call) return false;
                    if (IsDerivation(call)) return IsWrite(call, summaries, depth + 1);
                    if (!IsWritableSpan(argument.Parameter.Type)) return false;
                    if (summaries is not null && summaries.Of(call) is { } summary) return summary.Writes(argument.Parameter.Ordinal);
                    return call.TargetMethod.Locations.Length == 0 || !call.TargetMethod.Locations[0].IsInSource;
                default:
                    return false;
            }
        }

        /// <summary>A call whose result is (a view of) the memory passed in: <c>MemoryMarshal.Cast</c>, <c>AsBytes</c>, <c>Slice</c>.</summary>
        public static bool IsDerivation(IInvocationOperation call)
            => call.TargetMethod.Name is "Cast" or "AsBytes" && call.TargetMethod.ContainingType?.ToDisplayString() == MemoryMarshal
               || call.TargetMethod.Name == "Slice" && call.Instance is not null && IsSpan(call.Instance.Type);

        /// <summary>The memory a derived value views (<c>x.Slice(..)</c>, <c>MemoryMarshal.Cast(x)</c> give x), or the value itself.</summary>
        public static IOperation Underlying(IOperation value)
        {
            for (int depth = 0; depth < 8; depth++)
            {
                while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
                if (value is not IInvocationOperation call || !IsDerivation(call)) return value;
                if (call.Instance is { } instance) value = instance;
                else if (call.Arguments.Length > 0) value = call.Arguments[0].Value;
                else return value;
            }
            return value;
        }

        private static bool IsWritableSpan(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "Span", Arity: 1, ContainingNamespace.Name: "System" } named && named.ContainingNamespace.ContainingNamespace.IsGlobalNamespace;

        private static bool IsSpan(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1, ContainingNamespace.Name: "System" };
    }
}
