using System.Collections.Generic;
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

    /// <summary>The emitters AbiKit ships.</summary>
    public static class Emitters
    {
        /// <summary>All emitters over <paramref name="templates"/>.</summary>
        public static IReadOnlyList<IEmitter> All(TemplateSet? templates = null)
        {
            templates ??= TemplateSet.Embedded;
            return new IEmitter[] { new C.CHeaderEmitter(templates), new CSharp.CSharpEmitter(templates), new CSharp.CSharpRuntimeEmitter(templates) };
        }
    }
}
