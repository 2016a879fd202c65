using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>
/// Generated headers are proven with real compilers, not only against their snapshots: each ABI's own compiler
/// compiles them and lays them out; its numbers are read from the object file, never by running what it built.
/// </summary>
public class CHeaderCompilerTests
{
    public CHeaderCompilerTests() => NativeToolchain.Require();

    public static TheoryData<string, Arch> FamiliesAndArches()
    {
        var data = new TheoryData<string, Arch>();
        foreach (var f in Repo.ShippedFamilies)
        {
            foreach (var arch in Arches.All) data.Add(f, arch);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Compiles_as_strict_c90(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        NativeToolchain.CompileC(arch, $"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "c90.o"),
            "-std=c90", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Compiles_as_strict_cplusplus(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        NativeToolchain.CompileCxx(arch, $"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "cxx.o"),
            "-std=c++11", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Gcc_lays_the_generated_header_out_as_the_layout_engine_does(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        var expected = Shipped.Report(f, arch);
        LayoutProbe.AssertMatchesCompiler(expected, [Path.Combine(dir, f.C.FileName)], ["-I" + dir]);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(FamiliesAndArches))]
    public void Pahole_finds_no_holes(string family, Arch arch)
    {
        string dir = Shipped.WriteHeaders();
        var f = Shipped.Family(family);
        Pahole.AssertNoHoles([Path.Combine(dir, f.C.FileName)], f.Structs.Select(s => s.Name), arch, ["-I" + dir]);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void Hostile_doc_strings_cannot_break_out_of_comments()
    {
        var f = Shipped.Family("dma-buf");
        var evil = f with { Doc = "Ends the comment */ int broken = ; /* and more" };
        string dir = NativeToolchain.CreateTempDirectory("abikit-evil");
        File.WriteAllText(Path.Combine(dir, f.C.FileName), Shipped.Header(evil));
        NativeToolchain.CompileC($"#include \"{f.C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "e.o"),
            "-std=c90", "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
