using AbiKit.Emitters.C;
using AbiKit.Emitters.CSharp;
using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>The shipped specs, loaded once, and their generated files.</summary>
internal static class Shipped
{
    private static readonly Lazy<IReadOnlyList<AbiFamily>> Models = new(() =>
    {
        var loader = new SpecLoader();
        return Repo.ShippedFamilies.Select(f =>
        {
            var result = loader.Load(Repo.Spec(f));
            Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
            return result.Model!;
        }).ToList();
    });

    public static IReadOnlyList<AbiFamily> All => Models.Value;

    public static AbiFamily Family(string name) => All.Single(f => f.Family == name);

    public static TheoryData<string> Families => new(Repo.ShippedFamilies);

    public static string Header(AbiFamily f) => new CHeaderEmitter(TemplateSet.Embedded).Emit(f).Single().Content;

    public static string CSharp(AbiFamily f) => new CSharpEmitter(TemplateSet.Embedded).Emit(f).Single().Content;

    /// <summary>The kernel-side files of a family (<c>--lang kernel</c>).</summary>
    public static IReadOnlyList<GeneratedFile> Kernel(AbiFamily f) => new AbiKit.Emitters.Kernel.KernelEmitter(TemplateSet.Embedded).Emit(f);

    /// <summary>Every C# file of a family: bindings, client, dispatch.</summary>
    public static IReadOnlyList<GeneratedFile> AllCSharp(AbiFamily f)
        => [.. new CSharpEmitter(TemplateSet.Embedded).Emit(f), .. new CSharpRuntimeEmitter(TemplateSet.Embedded).Emit(f)];

    /// <summary>Writes every shipped header into a fresh directory (they include each other).</summary>
    public static string WriteHeaders()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-headers");
        foreach (var f in All) File.WriteAllText(Path.Combine(dir, f.C.FileName), Header(f));
        return dir;
    }

    /// <summary>The layout engine's view of a family, in the oracle's report shape.</summary>
    public static LayoutReport Report(AbiFamily f, Arch arch) => new(
        arch.Name(),
        f.Structs.Where(s => !s.Inline).Select(s => new StructReport(s.Name, s.Layout(arch).Size, s.Layout(arch).Align,
            f.Named(s, arch).Select(m => new FieldReport(m.Path, m.Offset, m.Size)).ToList(),
            s.Kind == AggregateKind.Union ? "union" : null)).ToList(),
        f.Ioctls.Select(i => IoctlReport.FromValue(i.CodeMacro, i.Code(arch))).ToList());
}
