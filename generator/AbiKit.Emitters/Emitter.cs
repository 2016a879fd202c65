using System.Collections.Generic;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Emitters
{
    /// <summary>One generated file.</summary>
    /// <param name="RelativePath">Path relative to the output directory.</param>
    /// <param name="Content">Text, with \n line endings.</param>
    public sealed record GeneratedFile(string RelativePath, string Content);

    /// <summary>A back end: renders a laid-out family into files. Emitters never re-parse specs or recompute layout.</summary>
    public interface IEmitter
    {
        /// <summary>The <c>--lang</c> name, e.g. <c>c</c>.</summary>
        string Language { get; }

        /// <summary>Renders <paramref name="family"/>.</summary>
        IReadOnlyList<GeneratedFile> Emit(AbiFamily family);
    }

    /// <summary>How C# is emitted (the model says what; these say how a consumer wants it).</summary>
    /// <param name="Visibility">Accessibility of the generated types: <c>public</c> or <c>internal</c>.</param>
    /// <param name="RuntimeAttributes">Whether the bindings carry AbiKit.Runtime's semantic attributes (<c>[AbiReserved]</c>,
    /// <c>[AbiFlags]</c> on struct fields, <c>[AbiRequest]</c> on request codes) for the analyzers. Only when the consumer
    /// references AbiKit.Runtime: without them the bindings compile on their own.</param>
    public sealed record CSharpEmitOptions(string Visibility = "public", bool RuntimeAttributes = true)
    {
        /// <summary>The defaults: public types, with the runtime's semantic attributes.</summary>
        public static CSharpEmitOptions Default { get; } = new();
    }

    /// <summary>The emitters AbiKit ships.</summary>
    public static class Emitters
    {
        /// <summary>All emitters over <paramref name="templates"/>.</summary>
        public static IReadOnlyList<IEmitter> All(TemplateSet? templates = null, CSharpEmitOptions? csharp = null)
        {
            templates ??= TemplateSet.Embedded;
            csharp ??= CSharpEmitOptions.Default;
            return new IEmitter[] { new C.CHeaderEmitter(templates), new CSharp.CSharpEmitter(templates, csharp), new CSharp.CSharpRuntimeEmitter(templates, csharp), new Kernel.KernelEmitter(templates) };
        }

        /// <summary>The C# emitters (bindings, then client and dispatch): what the source generator runs.</summary>
        public static IReadOnlyList<IEmitter> CSharp(TemplateSet? templates = null, CSharpEmitOptions? csharp = null)
            => All(templates, csharp).Where(e => e.Language == "csharp").ToList();
    }
}
