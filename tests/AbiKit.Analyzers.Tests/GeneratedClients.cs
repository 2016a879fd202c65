using AbiKit.Emitters;
using AbiKit.Emitters.CSharp;
using AbiKit.Frontend;
using AbiKit.TestSupport;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// The C# a consumer gets for a shipped spec (bindings and typed client, with the runtime's semantic attributes),
/// generated once per family, so tests run the analyzers against exactly what the generator emits.
/// </summary>
internal static class GeneratedClients
{
    private static readonly Dictionary<string, string[]> Cache = new();

    /// <summary>The generated sources of <paramref name="family"/> (e.g. <c>dma-buf</c>).</summary>
    public static string[] Of(string family)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(family, out var cached)) return cached;
            var result = new SpecLoader().Load(Repo.Spec(family));
            Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
            var model = result.Model!;
            var files = new CSharpEmitter(TemplateSet.Embedded).Emit(model).Concat(new CSharpRuntimeEmitter(TemplateSet.Embedded).Emit(model));
            return Cache[family] = files.Where(f => !f.RelativePath.Contains("Dispatch", StringComparison.Ordinal)).Select(f => f.Content).ToArray();
        }
    }
}
