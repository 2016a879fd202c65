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
            data.Add("abi-spec/drm-core.abi.json", "drm.h", arch);
            data.Add("abi-spec/i915.abi.json", "i915_drm.h", arch);
            data.Add("abi-spec/dma-buf.abi.json", "<linux/dma-buf.h>", arch);
            // Pre-_IOC tty ioctls and an _IOR one from linux/random.h, used by the fd-channel tests.
            data.Add("tests/AbiKit.Runtime.Tests/Specs/linux-tty.abi.json", "<sys/ioctl.h>", arch);
            data.Add("tests/AbiKit.Runtime.Tests/Specs/linux-random.abi.json", "<linux/random.h>", arch);
        }
        return data;
    }

    public static TheoryData<string, string> SpecsAndArches()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Cases()) data.Add((string)row[0], (string)row[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(SpecsAndArches))]
    public void Generated_header_measures_as_the_layout_engine_says(string spec, string arch)
    {
        // The generated header must define the same codes and layouts as the kernel's: measure both with gcc.
        var report = LayoutReport.Parse(Cli.Run("layout", Repo.PathOf(spec), "--arch", arch, "--format", "json").Stdout);
        string dir = NativeToolchain.CreateTempDirectory("abikit-gen-truth");
        var generate = Cli.Run("generate", Repo.PathOf(spec), "--lang", "c", "--out", dir);
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        string generated = Directory.GetFiles(Path.Combine(dir, "c")).Single();
        if (spec.Contains("i915", StringComparison.Ordinal))
        {
            Assert.Equal(0, Cli.Run("generate", Repo.Spec("drm-core"), "--lang", "c", "--out", dir).ExitCode);
            generated = Path.Combine(dir, "c", "i915_drm.h");
        }
        LayoutProbe.AssertMatchesCompiler(report, [generated], ["-I" + Path.Combine(dir, "c")]);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layout_matches_the_real_kernel_header(string spec, string header, string arch)
    {
        var result = Cli.Run("layout", Repo.PathOf(spec), "--arch", arch, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = LayoutReport.Parse(result.Stdout);
        Assert.Equal(arch, report.Arch);
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
