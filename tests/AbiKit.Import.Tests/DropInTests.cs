using AbiKit.Corpus;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Import.Tests;

/// <summary>
/// The regenerated headers are drop-in: <c>DropIn/uapi_user.c</c>, written against the real drm.h, i915_drm.h,
/// amdgpu_drm.h, msm_drm.h, linux/udmabuf.h and linux/dma-buf.h (unions, anonymous and inline members, a flexible
/// array, macros, request codes), compiles unchanged against the headers AbiKit regenerates, on every Linux ABI.
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class DropInTests
{
    private readonly CorpusFixture _corpus;

    public DropInTests(CorpusFixture corpus) => _corpus = corpus;

    private static string Source => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DropIn", "uapi_user.c"));

    private static readonly string[] Flags = ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"];

    public static TheoryData<string> Abis => new(Arches.All.Select(a => a.Name()));

    [Theory]
    [MemberData(nameof(Abis))]
    public void Compiles_against_the_originals(string abi)
        => Assert.True(NativeToolchain.CompileC(Abi(abi), Source, "/dev/null", [.. Flags, "-I", UapiCorpus.LibDrm]).Succeeded);

    private static Arch Abi(string name)
    {
        Assert.True(Arches.TryParse(name, out var arch), name);
        return arch;
    }

    [Theory]
    [MemberData(nameof(Abis))]
    public void Compiles_unchanged_against_the_regenerated_headers(string abi)
    {
        // <linux/udmabuf.h> and <linux/dma-buf.h> must be the regenerated ones: they go in a linux/ directory searched first.
        string root = Path.Combine(_corpus.Directory, "dropin-" + abi);
        Directory.CreateDirectory(Path.Combine(root, "linux"));
        foreach (var name in new[] { "udmabuf.h", "dma-buf.h" })
        {
            File.Copy(_corpus.Headers[name].GeneratedHeader!, Path.Combine(root, "linux", name), overwrite: true);
        }

        // libdrm's directory is not searched: every "drm.h"-style include resolves to a regenerated header.
        var result = NativeToolchain.CompileC(Abi(abi), Source, "/dev/null", [.. Flags, "-I", _corpus.GeneratedDirectory, "-I", root]);
        Assert.True(result.Succeeded);
    }
}
