using AbiKit.TestSupport;

namespace AbiKit.Cli.Tests;

/// <summary>
/// The specs that re-describe real uapi are checked against the kernel's own headers: gcc compiles a
/// program against /usr/include/libdrm and linux/dma-buf.h that measures exactly the structs, fields and
/// request macros `abikit layout --format json` reports, on x86_64 and i386.
/// </summary>
public class GroundTruthTests
{
    public GroundTruthTests() => NativeToolchain.Require();

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var arch in new[] { "x86_64", "i386" })
        {
            data.Add("drm-core", "drm.h", arch);
            data.Add("i915", "i915_drm.h", arch);
            data.Add("dma-buf", "<linux/dma-buf.h>", arch);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layout_matches_the_real_kernel_header(string family, string header, string arch)
    {
        var result = Cli.Run("layout", Repo.Spec(family), "--arch", arch, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = LayoutReport.Parse(result.Stdout);
        Assert.Equal(arch, report.Arch);
        Assert.NotEmpty(report.Structs);
        Assert.NotEmpty(report.Ioctls);
        LayoutProbe.AssertMatchesCompiler(report, [header], ["-I" + NativeToolchain.LibDrmIncludeDirectory]);
    }

    [Fact]
    public void A_wrong_spec_is_caught_by_the_oracle()
    {
        // Proves the oracle can fail: shift one field of the real i915 struct.
        string spec = File.ReadAllText(Repo.Spec("i915"));
        string dir = NativeToolchain.CreateTempDirectory("abikit-wrong");
        File.WriteAllText(Path.Combine(dir, "drm-core.abi.json"), File.ReadAllText(Repo.Spec("drm-core")));
        string broken = spec.Replace("\"name\": \"bo_handle\"", "\"name\": \"bo_handle\", \"count\": 3");
        Assert.NotEqual(spec, broken);
        File.WriteAllText(Path.Combine(dir, "i915.abi.json"), broken);
        var result = Cli.Run("layout", Path.Combine(dir, "i915.abi.json"), "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Throws<LayoutMismatchException>(() =>
            LayoutProbe.AssertMatchesCompiler(LayoutReport.Parse(result.Stdout), ["i915_drm.h"], ["-I" + NativeToolchain.LibDrmIncludeDirectory]));
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
