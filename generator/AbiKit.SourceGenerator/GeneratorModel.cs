using System;
using AbiKit.Model;

namespace AbiKit.SourceGenerator
{
    /// <summary>A spec file's path and text: the first, value-equal step of the pipeline.</summary>
    /// <param name="Path">The AdditionalFile's path.</param>
    /// <param name="Text">Its content.</param>
    /// <param name="Namespace">Per-file <c>AbiKitNamespace</c> metadata (empty: the spec's own).</param>
    /// <param name="Generate">Per-file <c>AbiKitGenerate</c> metadata: false for a spec that is only there to be imported.</param>
    internal sealed record SpecText(string Path, string Text, string Namespace, bool Generate) : IEquatable<SpecText>;

    /// <summary>A spec diagnostic without Roslyn types, so it can be cached.</summary>
    internal sealed record DiagnosticInfo(string Id, bool IsError, string Message, string Path, int Line, int Column, int Offset) : IEquatable<DiagnosticInfo>;

    /// <summary>What parsing one spec gave: the model (null on errors), its diagnostics, and whether to generate from it.</summary>
    internal sealed record ParseResult(AbiFamily? Model, EquatableArray<DiagnosticInfo> Diagnostics, bool Generate) : IEquatable<ParseResult>;

    /// <summary>Options from MSBuild (CompilerVisibleProperty).</summary>
    /// <param name="Visibility"><c>AbiKitVisibility</c>: public (default) or internal.</param>
    /// <param name="GenerateClient"><c>AbiKitGenerateClient</c>: emit the typed client and dispatch table (needs AbiKit.Runtime).</param>
    internal sealed record GeneratorOptions(string Visibility, bool GenerateClient) : IEquatable<GeneratorOptions>;
}
