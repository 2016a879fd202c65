using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Memory
{
    /// <summary>Where memory handed to an import comes from, as far as one method shows.</summary>
    internal enum MemoryKind
    {
        /// <summary>Not known (a parameter, a field, a call we do not model): assumed fine.</summary>
        Unknown,
        /// <summary>Native memory (NativeMemory, Marshal.AllocHGlobal …): never moved by the GC.</summary>
        Native,
        /// <summary>A managed array, or a span over one: moved by the GC, not pinned.</summary>
        ManagedArray,
        /// <summary>Another managed object (a string, a class's field).</summary>
        ManagedObject,
        /// <summary>Stack memory (stackalloc, the address of a local): gone when the method returns.</summary>
        Stack,
        /// <summary>Pinned by a <c>fixed</c> statement: unpinned when the statement ends.</summary>
        Fixed,
        /// <summary>A raw pointer to an unpinned managed object (Unsafe.AsPointer).</summary>
        UnpinnedPointer,
        /// <summary>The address of an object whose GCHandle is not Pinned.</summary>
        UnpinnedHandle,
    }

    /// <summary>A classification, with the scope that bounds its lifetime (for <see cref="MemoryKind.Stack"/> and <see cref="MemoryKind.Fixed"/>).</summary>
    internal readonly struct Provenance
    {
        public Provenance(MemoryKind kind, string reason = "", SyntaxNode? scope = null)
        {
            Kind = kind;
            Reason = reason;
            Scope = scope;
        }

        public MemoryKind Kind { get; }

        /// <summary>How the diagnostic describes the memory.</summary>
        public string Reason { get; }

        /// <summary>For <see cref="MemoryKind.Fixed"/>: the fixed statement; for stack memory: null (the whole method).</summary>
        public SyntaxNode? Scope { get; }

        public bool IsProblem => Kind is not (MemoryKind.Unknown or MemoryKind.Native);

        public static Provenance Unknown => new(MemoryKind.Unknown);

        public static Provenance Native => new(MemoryKind.Native);

        public static Provenance Array => new(MemoryKind.ManagedArray, "a managed array's memory");

        public static Provenance Object => new(MemoryKind.ManagedObject, "a managed object's memory");

        public static Provenance StackAlloc => new(MemoryKind.Stack, "stack memory from 'stackalloc'");

        public static Provenance LocalAddress => new(MemoryKind.Stack, "the address of a local variable");
    }

    /// <summary>
    /// Follows a value back through conversions, spans, pointers and single-assignment locals to where its memory
    /// comes from. Syntactic and operation-based within one method body (lambdas included): no flow analysis, no
    /// calls followed; locals assigned more than once are <see cref="MemoryKind.Unknown"/>.
    /// </summary>
    internal sealed class MemoryProvenance
    {
        private const int MaxDepth = 8;
        private const int GcHandlePinned = 3; // GCHandleType.Pinned

        private readonly IOperation _root;
        private readonly SemanticModel _model;
        private Dictionary<ILocalSymbol, List<IOperation?>>? _definitions;

        /// <summary>A classifier over the method body (or other top-level operation) <paramref name="root"/>.</summary>
        public MemoryProvenance(IOperation root, SemanticModel model)
        {
            _root = root;
            _model = model;
        }

        /// <summary>The top-level operation containing <paramref name="operation"/> (its method body, for code in methods).</summary>
        public static IOperation RootOf(IOperation operation)
        {
            while (operation.Parent is not null) operation = operation.Parent;
            return operation;
        }

        /// <summary>The root this classifier searches.</summary>
        public IOperation Root => _root;

        /// <summary>Where the memory <paramref name="value"/> (an array, span, pointer or address-sized integer) designates comes from.</summary>
        public Provenance Classify(IOperation value) => Classify(value, 0);

        /// <summary>Values stored into fields of the struct local <paramref name="local"/> before <paramref name="position"/>.</summary>
        public IEnumerable<IOperation> FieldValuesOf(ILocalSymbol local, int position)
        {
            foreach (var operation in _root.DescendantsAndSelf())
            {
                if (operation.Syntax.SpanStart >= position) continue;
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: ILocalReferenceOperation target } } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        yield return assignment.Value;
                        break;
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                        && declarator.Initializer?.Value is IObjectCreationOperation { Initializer: { } initializer }:
                        foreach (var value in InitializerValues(initializer)) yield return value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: IObjectCreationOperation { Initializer: { } initializer } }
                        when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        foreach (var value in InitializerValues(initializer)) yield return value;
                        break;
                }
            }
        }

        private static IEnumerable<IOperation> InitializerValues(IObjectOrCollectionInitializerOperation initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IFieldReferenceOperation } assignment) yield return assignment.Value;
            }
        }

        private Provenance Classify(IOperation? value, int depth)
        {
            if (value is null || depth > MaxDepth) return Provenance.Unknown;
            value = Strip(value);

            if (value.Syntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax) return Provenance.StackAlloc;
            if (value.Type is IArrayTypeSymbol) return Provenance.Array;
            if (value.Type?.SpecialType == SpecialType.System_String) return Provenance.Object;

            switch (value)
            {
                case IAddressOfOperation address:
                    return ClassifyReference(address.Reference, depth);

                case IInvocationOperation invocation:
                    return ClassifyCall(invocation, depth);

                case IObjectCreationOperation creation when IsSpanLike(creation.Type) && creation.Arguments.Length > 0:
                    var first = creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).First();
                    return first.Parameter?.RefKind is RefKind.Ref or RefKind.In or RefKind.RefReadOnlyParameter
                        ? ClassifyReference(first.Value, depth)
                        : Classify(first.Value, depth + 1);

                case IPropertyReferenceOperation { Property.Name: "Span", Instance: { } memory } when IsSpanLike(memory.Type):
                    return Classify(memory, depth + 1);

                case IImplicitIndexerReferenceOperation indexer when IsSpanLike(indexer.Instance.Type):
                    return Classify(indexer.Instance, depth + 1);

                case ILocalReferenceOperation local:
                    return ClassifyLocal(local.Local, depth);

                default:
                    return Provenance.Unknown;
            }
        }

        /// <summary>What <c>ref x</c> / <c>&amp;x</c> designates.</summary>
        private Provenance ClassifyReference(IOperation reference, int depth)
        {
            reference = Strip(reference);
            switch (reference)
            {
                case IArrayElementReferenceOperation:
                    return Provenance.Array;
                case IInvocationOperation invocation:
                    return ClassifyCall(invocation, depth);
                case ILocalReferenceOperation { Local.IsRef: false }:
                    return Provenance.LocalAddress;
                case IParameterReferenceOperation { Parameter.RefKind: RefKind.None }:
                    return Provenance.LocalAddress;
                case IFieldReferenceOperation { Instance.Type.IsReferenceType: true }:
                    return Provenance.Object;
                default:
                    return Provenance.Unknown;
            }
        }

        private Provenance ClassifyCall(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            string type = method.ContainingType?.ToDisplayString() ?? "";
            IOperation? Arg(int ordinal) => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;

            switch (type)
            {
                case "System.Runtime.CompilerServices.Unsafe" when method.Name is "AsPointer":
                    var target = ClassifyReference(Arg(0)!, depth + 1);
                    return target.Kind is MemoryKind.ManagedArray or MemoryKind.ManagedObject
                        ? new Provenance(MemoryKind.UnpinnedPointer, "the address of an unpinned managed object (Unsafe.AsPointer)")
                        : target;
                case "System.Runtime.InteropServices.MemoryMarshal":
                    switch (method.Name)
                    {
                        case "GetArrayDataReference": return Provenance.Array;
                        case "CreateSpan" or "CreateReadOnlySpan": return ClassifyReference(Arg(0)!, depth + 1);
                        case "GetReference" or "AsBytes" or "Cast" or "AsMemory": return Classify(Arg(0), depth + 1);
                    }
                    return Provenance.Unknown;
                case "System.MemoryExtensions" when method.Name is "AsSpan" or "AsMemory":
                    return Classify(Arg(0), depth + 1);
                case "System.Runtime.InteropServices.GCHandle" when method.Name is "AddrOfPinnedObject" && invocation.Instance is { } handle:
                    return ClassifyHandle(handle, depth);
                case "System.Runtime.InteropServices.GCHandle" when method.Name is "ToIntPtr":
                    return ClassifyHandle(Arg(0), depth);
                case "System.Runtime.InteropServices.NativeMemory" when method.Name is "Alloc" or "AllocZeroed" or "AlignedAlloc" or "Realloc" or "AlignedRealloc":
                    return Provenance.Native;
                case "System.Runtime.InteropServices.Marshal" when method.Name is "AllocHGlobal" or "AllocCoTaskMem" or "ReAllocHGlobal" or "ReAllocCoTaskMem":
                    return Provenance.Native;
            }
            if (method.Name == "Slice" && invocation.Instance is { } sliced && IsSpanLike(sliced.Type)) return Classify(sliced, depth + 1);
            return Provenance.Unknown;
        }

        private Provenance ClassifyHandle(IOperation? handle, int depth)
        {
            if (handle is null || Strip(handle) is not ILocalReferenceOperation local) return Provenance.Unknown;
            var definition = SingleDefinition(local.Local);
            if (definition is null || depth > MaxDepth) return Provenance.Unknown;
            if (Strip(definition) is IInvocationOperation { TargetMethod: { Name: "Alloc", ContainingType: { } type } } alloc
                && type.ToDisplayString() == "System.Runtime.InteropServices.GCHandle")
            {
                var kind = alloc.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value;
                if (kind is null || (kind.ConstantValue.HasValue && kind.ConstantValue.Value is int k && k != GcHandlePinned))
                    return new Provenance(MemoryKind.UnpinnedHandle, "the address of an object whose GCHandle is not Pinned");
            }
            return Provenance.Unknown;
        }

        private Provenance ClassifyLocal(ILocalSymbol local, int depth)
        {
            // A local of a fixed statement: pinned until the statement ends (unless what it fixes is native anyway).
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FixedStatementSyntax @fixed }, Initializer.Value: { } initializer }
                    && initializer.SyntaxTree == _model.SyntaxTree)
                {
                    var fixedValue = _model.GetOperation(initializer);
                    var inner = fixedValue is null ? Provenance.Unknown : Classify(fixedValue, depth + 1);
                    if (inner.Kind == MemoryKind.Native) return inner;
                    if (inner.Kind is MemoryKind.Stack or MemoryKind.UnpinnedPointer or MemoryKind.UnpinnedHandle) return inner;
                    return new Provenance(MemoryKind.Fixed, "memory pinned only by a 'fixed' statement that ends before the object is closed", @fixed);
                }
            }
            var definition = SingleDefinition(local);
            return definition is null ? Provenance.Unknown : Classify(definition, depth + 1);
        }

        /// <summary>The value a local is given, when it is given exactly one (its initializer or one assignment) and never passed by reference.</summary>
        private IOperation? SingleDefinition(ILocalSymbol local)
        {
            _definitions ??= CollectDefinitions();
            return _definitions.TryGetValue(local, out var values) && values.Count == 1 ? values[0] : null;
        }

        private Dictionary<ILocalSymbol, List<IOperation?>> CollectDefinitions()
        {
            var definitions = new Dictionary<ILocalSymbol, List<IOperation?>>(SymbolEqualityComparer.Default);
            void Add(ILocalSymbol local, IOperation? value)
            {
                if (!definitions.TryGetValue(local, out var list)) definitions[local] = list = new List<IOperation?>();
                list.Add(value);
            }
            foreach (var operation in _root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                        Add(declarator.Symbol, initializer.Value);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        Add(target.Local, assignment.Value);
                        break;
                    case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }:
                        Add(target.Local, null);
                        Add(target.Local, null);
                        break;
                    case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                        Add(target.Local, null);
                        Add(target.Local, null);
                        break;
                    case IArgumentOperation { Value: ILocalReferenceOperation target, Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                        Add(target.Local, null);
                        Add(target.Local, null);
                        break;
                    case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }:
                        Add(declared.Local, null);
                        Add(declared.Local, null);
                        break;
                }
            }
            return definitions;
        }

        private static bool IsSpanLike(ITypeSymbol? type)
            => type is INamedTypeSymbol { IsGenericType: true, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
               && named.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory";

        private static IOperation Strip(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                }
                // The pinning wrapper of a fixed initializer (OperationKind.None) around the fixed expression.
                if (operation.Kind == OperationKind.None && operation.Syntax is not (StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax))
                {
                    var children = operation.ChildOperations;
                    if (children.Count == 1)
                    {
                        operation = children.First();
                        continue;
                    }
                }
                return operation;
            }
        }
    }
}
