using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using IoctlCode = AbiKit.Model.IoctlCode;
using IoctlDirection = AbiKit.Model.IoctlDirection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// ABI008: a constant request code sent with an argument of the wrong type or size, through
    /// <c>IoctlChannelExtensions.Ioctl&lt;T&gt;(channel, request, ref arg)</c> or <c>IIoctlChannel.Ioctl(request, span)</c>.
    /// A request constant carrying <c>[AbiRequest(typeof(S))]</c> must be sent with an <c>S</c>; a raw code (or a
    /// constant without the attribute) is compared by the size its _IOC_SIZE bits encode, and, when its value is
    /// that of an attributed constant, by type. Sizes are known for primitives and enums, for source structs with
    /// <c>[StructLayout(Size = n)]</c>, and for structs some attributed request code names (its size bits).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RequestCodeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Metadata name of the typed helper.</summary>
        public const string ExtensionsName = "AbiKit.Runtime.Channels.IoctlChannelExtensions";

        /// <summary>Metadata name of the channel interface.</summary>
        public const string ChannelName = "AbiKit.Runtime.Channels.IIoctlChannel";

        /// <summary>Metadata name of the request-code attribute.</summary>
        public const string RequestAttributeName = "AbiKit.Runtime.Semantics.AbiRequestAttribute";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.WrongRequestStruct);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(AnalyzerDefaults.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var channel = start.Compilation.GetTypeByMetadataName(ChannelName);
                if (channel is null) return; // AbiKit.Runtime not referenced: nothing to check
                var analysis = new Analysis(
                    start.Compilation,
                    channel,
                    start.Compilation.GetTypeByMetadataName(ExtensionsName),
                    start.Compilation.GetTypeByMetadataName(RequestAttributeName),
                    start.Compilation.GetSpecialType(SpecialType.System_Byte));
                start.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
            });
        }

        private sealed class Analysis
        {
            private const string MemoryMarshalName = "System.Runtime.InteropServices.MemoryMarshal";
            private readonly Compilation _compilation;
            private readonly INamedTypeSymbol _channel;
            private readonly INamedTypeSymbol? _extensions;
            private readonly INamedTypeSymbol? _requestAttribute;
            private readonly INamedTypeSymbol _byte;
            private readonly INamedTypeSymbol? _span;
            private readonly INamedTypeSymbol? _memoryMarshal;
            private readonly Lazy<RequestIndex> _index;

            public Analysis(Compilation compilation, INamedTypeSymbol channel, INamedTypeSymbol? extensions, INamedTypeSymbol? requestAttribute, INamedTypeSymbol @byte)
            {
                _compilation = compilation;
                _channel = channel;
                _extensions = extensions;
                _requestAttribute = requestAttribute;
                _byte = @byte;
                _span = compilation.GetTypeByMetadataName("System.Span`1");
                _memoryMarshal = compilation.GetTypeByMetadataName(MemoryMarshalName);
                _index = new Lazy<RequestIndex>(() => RequestIndex.Build(_compilation, _requestAttribute), LazyThreadSafetyMode.ExecutionAndPublication);
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                var method = invocation.TargetMethod;
                if (method.Name != "Ioctl") return;

                IArgumentOperation? request, payload;
                ITypeSymbol? argumentType = null;
                int? argumentBytes = null;
                if (_extensions is not null && method.IsGenericMethod && method.Parameters.Length == 3
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType, _extensions))
                {
                    request = ArgumentAt(invocation, 1);
                    payload = ArgumentAt(invocation, 2);
                    argumentType = method.TypeArguments[0];
                    if (argumentType.TypeKind == TypeKind.TypeParameter) return;
                }
                else if (IsChannelIoctl(method))
                {
                    request = ArgumentAt(invocation, 0);
                    payload = ArgumentAt(invocation, 1);
                    if (payload is null || !TryClassifySpan(payload.Value, out argumentType, out argumentBytes)) return;
                }
                else
                {
                    return;
                }
                if (request is null || payload is null) return;
                if (!request.Value.ConstantValue.HasValue || !ConstantBits.TryGet(request.Value.ConstantValue.Value, null, out ulong raw) || raw > uint.MaxValue) return;
                uint code = (uint)raw;

                int? actualSize = argumentType is not null ? SizeOf(argumentType) : argumentBytes;
                string actualName = argumentType is not null ? argumentType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) : $"{argumentBytes} bytes";
                string actualSizeText = actualSize is int n ? n.ToString(CultureInfo.InvariantCulture) + " bytes" : "size unknown";

                // 1. A request constant that says what it carries.
                var named = (Unwrap(request.Value) as IFieldReferenceOperation)?.Field;
                var expected = named is null ? null : ExpectedTypeOf(named);
                string description;
                var candidates = new List<ITypeSymbol>();
                if (expected is not null)
                {
                    candidates.Add(expected);
                    description = named!.ContainingType.Name + "." + named.Name;
                }
                else
                {
                    // 2. A raw code whose value is that of an attributed request constant: the same request.
                    var known = _index.Value.Lookup(code);
                    foreach (var entry in known) candidates.Add(entry.Argument);
                    description = known.Count > 0 ? "the value of " + known[0].Field.ContainingType.Name + "." + known[0].Field.Name : Describe(code);
                }

                if (candidates.Count > 0)
                {
                    if (argumentType is not null)
                    {
                        if (candidates.Any(c => SymbolEqualityComparer.Default.Equals(c, argumentType))) return;
                        Report(context, request, code, description, "'" + candidates[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'", actualName, actualSizeText);
                        return;
                    }
                    // Only a byte count is known: compare it with the expected type's size.
                    int? expectedSize = SizeOf(candidates[0]) ?? EncodedSize(code);
                    if (expectedSize is int e && actualSize is int a && e != a)
                        Report(context, request, code, description, $"'{candidates[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' ({e} bytes)", actualName, actualSizeText);
                    return;
                }

                // 3. A raw code: only its size bits say what it carries.
                if (EncodedSize(code) is int encoded && actualSize is int actual && actual != encoded)
                    Report(context, request, code, description, $"a {encoded}-byte argument", actualName, actualSizeText);
            }

            private static void Report(OperationAnalysisContext context, IArgumentOperation request, uint code, string description, string expected, string actualName, string actualSize)
                => context.ReportDiagnostic(Diagnostic.Create(Descriptors.WrongRequestStruct, request.Value.Syntax.GetLocation(), code, description, expected, actualName, actualSize));

            /// <summary>_IOC_SIZE, or null for _IO codes (no argument, or a legacy code that carries no size); decoded by the model's <see cref="IoctlCode"/>.</summary>
            internal static int? EncodedSize(uint code)
            {
                var decoded = new IoctlCode(code);
                return decoded.Direction == IoctlDirection.None ? null : decoded.Size;
            }

            private static string Describe(uint code)
            {
                var decoded = new IoctlCode(code);
                string dir = AbiKit.Model.IoctlDirections.MacroName(decoded.Direction);
                byte type = decoded.Type;
                string typeText = type is >= 0x20 and < 0x7F ? "'" + (char)type + "'" : "0x" + type.ToString("X2", CultureInfo.InvariantCulture);
                string size = EncodedSize(code) is int s ? ", " + s.ToString(CultureInfo.InvariantCulture) + " bytes" : "";
                return $"{dir}({typeText}, 0x{decoded.Nr.ToString("X2", CultureInfo.InvariantCulture)}{size})";
            }

            private ITypeSymbol? ExpectedTypeOf(IFieldSymbol field)
            {
                if (_requestAttribute is null) return null;
                foreach (var attribute in field.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _requestAttribute)
                        && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol type)
                        return type;
                }
                return null;
            }

            private bool IsChannelIoctl(IMethodSymbol method)
            {
                if (method.IsStatic || method.Parameters.Length != 2) return false;
                if (method.Parameters[0].Type.SpecialType != SpecialType.System_UInt32) return false;
                if (method.Parameters[1].Type is not INamedTypeSymbol { IsGenericType: true } span
                    || !SymbolEqualityComparer.Default.Equals(span.OriginalDefinition, _span)
                    || !SymbolEqualityComparer.Default.Equals(span.TypeArguments[0], _byte)) return false;
                var type = method.ContainingType;
                return SymbolEqualityComparer.Default.Equals(type, _channel) || type.AllInterfaces.Contains(_channel, SymbolEqualityComparer.Default);
            }

            /// <summary>What a span argument holds: one T (<c>MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref x, 1))</c>), or a constant byte count.</summary>
            private bool TryClassifySpan(IOperation value, out ITypeSymbol? type, out int? bytes)
            {
                type = null;
                bytes = null;
                value = Unwrap(value);
                switch (value)
                {
                    case IInvocationOperation { TargetMethod: { Name: "AsBytes" } asBytes } call
                        when SymbolEqualityComparer.Default.Equals(asBytes.ContainingType, _memoryMarshal) && call.Arguments.Length == 1:
                        var inner = Unwrap(call.Arguments[0].Value);
                        if (inner is IInvocationOperation { TargetMethod: { Name: "CreateSpan" } create } createCall
                            && SymbolEqualityComparer.Default.Equals(create.ContainingType, _memoryMarshal)
                            && createCall.Arguments.Length == 2 && createCall.Arguments[1].Value.ConstantValue is { HasValue: true, Value: 1 })
                        {
                            type = create.TypeArguments[0];
                            return type.TypeKind != TypeKind.TypeParameter;
                        }
                        if (inner is IObjectCreationOperation { Arguments.Length: 1 } single && single.Arguments[0].Parameter?.RefKind == RefKind.Ref
                            && single.Type is INamedTypeSymbol { IsGenericType: true } spanType && SymbolEqualityComparer.Default.Equals(spanType.OriginalDefinition, _span))
                        {
                            type = spanType.TypeArguments[0];
                            return type.TypeKind != TypeKind.TypeParameter;
                        }
                        return false;
                    case IPropertyReferenceOperation { Property.Name: "Empty", Property.IsStatic: true }:
                    case IDefaultValueOperation:
                        bytes = 0;
                        return true;
                    case IArrayCreationOperation array when SymbolEqualityComparer.Default.Equals((array.Type as IArrayTypeSymbol)?.ElementType, _byte)
                        && array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int length }:
                        bytes = length;
                        return true;
                    default:
                        if (value.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax stackType } stack && value.SemanticModel is { } model
                            && stackType.RankSpecifiers.Count == 1 && stackType.RankSpecifiers[0].Sizes.Count == 1
                            && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(stackType.ElementType).Type, _byte)
                            && model.GetConstantValue(stackType.RankSpecifiers[0].Sizes[0]) is { HasValue: true, Value: int stackLength })
                        {
                            bytes = stackLength;
                            return true;
                        }
                        return false;
                }
            }

            /// <summary>The size of <paramref name="type"/> when it is known without guessing the runtime's layout.</summary>
            private int? SizeOf(ITypeSymbol type)
            {
                int width = ConstantBits.WidthOf(type);
                if (width > 0) return width;
                if (type.TypeKind != TypeKind.Struct) return null;
                foreach (var attribute in type.GetAttributes())
                {
                    // Source structs show [StructLayout] as an attribute (metadata keeps it in the type's layout, out of reach).
                    if (attribute.AttributeClass?.ToDisplayString() != "System.Runtime.InteropServices.StructLayoutAttribute") continue;
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "Size" && named.Value.Value is int size && size > 0) return size;
                    }
                }
                return _index.Value.SizeOf(type);
            }

            private static IArgumentOperation? ArgumentAt(IInvocationOperation invocation, int ordinal)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == ordinal) return argument;
                }
                return null;
            }

            private static IOperation Unwrap(IOperation operation)
            {
                while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
                return operation;
            }
        }

        /// <summary>
        /// Every request constant with <c>[AbiRequest]</c> in the compilation and in the assemblies that reference the
        /// attribute's assembly (generated bindings), by value; and the argument sizes their size bits encode.
        /// Built once per compilation, on the first raw request code.
        /// </summary>
        private sealed class RequestIndex
        {
            private readonly Dictionary<uint, List<(IFieldSymbol Field, ITypeSymbol Argument)>> _byCode = new();
            private readonly Dictionary<ITypeSymbol, int> _sizes = new(SymbolEqualityComparer.Default);

            private static readonly List<(IFieldSymbol, ITypeSymbol)> None = new();

            public List<(IFieldSymbol Field, ITypeSymbol Argument)> Lookup(uint code) => _byCode.TryGetValue(code, out var list) ? list : None;

            public int? SizeOf(ITypeSymbol type) => _sizes.TryGetValue(type, out int size) ? size : null;

            public static RequestIndex Build(Compilation compilation, INamedTypeSymbol? attribute)
            {
                var index = new RequestIndex();
                if (attribute is null) return index;
                var runtime = attribute.ContainingAssembly;
                index.Walk(compilation.Assembly.GlobalNamespace, attribute);
                foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    if (SymbolEqualityComparer.Default.Equals(assembly, runtime)) continue;
                    if (!assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Contains(runtime, SymbolEqualityComparer.Default))) continue;
                    index.Walk(assembly.GlobalNamespace, attribute);
                }
                return index;
            }

            private void Walk(INamespaceOrTypeSymbol container, INamedTypeSymbol attribute)
            {
                foreach (var member in container.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol nested)
                    {
                        Walk(nested, attribute);
                    }
                    else if (member is IFieldSymbol { IsConst: true, ConstantValue: { } value } field
                        && ConstantBits.TryGet(value, field.Type, out ulong bits) && bits <= uint.MaxValue)
                    {
                        foreach (var data in field.GetAttributes())
                        {
                            if (!SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute)) continue;
                            if (data.ConstructorArguments.Length != 1 || data.ConstructorArguments[0].Value is not ITypeSymbol argument) continue;
                            uint code = (uint)bits;
                            if (!_byCode.TryGetValue(code, out var list)) _byCode[code] = list = new List<(IFieldSymbol, ITypeSymbol)>();
                            list.Add((field, argument));
                            if (Analysis.EncodedSize(code) is int size && !_sizes.ContainsKey(argument)) _sizes[argument] = size;
                        }
                    }
                }
            }
        }
    }
}
