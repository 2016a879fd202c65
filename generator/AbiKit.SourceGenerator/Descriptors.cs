using System.Collections.Concurrent;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using DiagnosticDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using Microsoft.CodeAnalysis;

namespace AbiKit.SourceGenerator
{
    /// <summary>Roslyn descriptors for the spec diagnostics, built once from the front end's catalog.</summary>
    internal static class Descriptors
    {
        private const string HelpBase = "https://github.com/abikit/abikit/blob/main/docs/diagnostics/";
        private static readonly ConcurrentDictionary<(string, bool), DiagnosticDescriptor> Cache = new();

        public static DiagnosticDescriptor For(string id, bool isError)
            => Cache.GetOrAdd((id, isError), key =>
            {
                var entry = DiagnosticCatalog.All.FirstOrDefault(d => d.Id == key.Item1);
                return new DiagnosticDescriptor(
                    key.Item1,
                    entry?.Title ?? "AbiKit internal error",
                    "{0}",
                    "AbiKit." + (entry?.Category ?? "Generator"),
                    key.Item2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                    isEnabledByDefault: true,
                    helpLinkUri: HelpBase + key.Item1 + ".md");
            });
    }
}
