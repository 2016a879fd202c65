using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Cli.Tests;

/// <summary>
/// The specs that re-describe real uapi are checked against the kernel's own headers: gcc compiles a
/// program against /usr/include/libdrm and linux/dma-buf.h that measures exactly the structs, fields and
/// request macros `abikit layout --format json` reports, on every Linux ABI, each with its own cross compiler
/// and its own kernel headers (the values are read from an object file: nothing built for a target runs).
/// </summary>
public class GroundTruthTests
{
    public GroundTruthTests() => NativeToolchain.Require();

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var arch in Arches.All.Select(a => a.Name()))
        {
            data.Add("abi-spec/drm-core.abi.json", "drm.h", arch);
            data.Add("abi-spec/i915.abi.json", "i915_drm.h", arch);
            // Union arguments: the header spells them `union drm_amdgpu_gem_create`, the probe measures them as unions.
            data.Add("abi-spec/amdgpu.abi.json", "amdgpu_drm.h", arch);
            // A flexible array member: offsetof measured, size 0, alignment from the element.
            data.Add("abi-spec/udmabuf.abi.json", "<linux/udmabuf.h>", arch);
            // Linux 6.1's linux/dma-buf.h uses _IOW without including linux/ioctl.h (the host's newer copy does).
            data.Add("abi-spec/dma-buf.abi.json", "<linux/ioctl.h>,<linux/dma-buf.h>", arch);
            // Pre-_IOC tty ioctls and an _IOR one from linux/random.h, used by the fd-channel tests. The tty spec
            // describes asm-generic/ioctls.h; powerpc has its own (FIONREAD is _IOR('f', 127, int) there).
            if (arch != Arch.Ppc64le.Name()) data.Add("tests/AbiKit.Runtime.Tests/Specs/linux-tty.abi.json", "<sys/ioctl.h>", arch);
            data.Add("tests/AbiKit.Runtime.Tests/Specs/linux-random.abi.json", "<linux/random.h>", arch);
        }
        return data;
    }

    public static TheoryData<string, string> SpecsAndArches()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Cases()) data.Add((string)row[0], (string)row[2]);
        // The generated tty header spells its legacy codes as numbers, as the kernel does, so it holds on ppc64le too.
        data.Add("tests/AbiKit.Runtime.Tests/Specs/linux-tty.abi.json", Arch.Ppc64le.Name());
        // The sample's own spec, as a user writes one (the shipped specs are measured in CHeaderCompilerTests).
        foreach (var arch in Arches.All) data.Add("samples/AbiKit.Sample/counter.abi.json", arch.Name());
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
        if (spec.Contains("i915", StringComparison.Ordinal) || spec.Contains("amdgpu", StringComparison.Ordinal))
        {
            string header = Directory.GetFiles(Path.Combine(dir, "c")).Single();
            Assert.Equal(0, Cli.Run("generate", Repo.Spec("drm-core"), "--lang", "c", "--out", dir).ExitCode);
            generated = header;
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
        LayoutProbe.AssertMatchesCompiler(report, header.Split(','), ["-I" + NativeToolchain.LibDrmIncludeDirectory]);
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("m68k")]
    [InlineData("s390x")]
    public void A_wrong_spec_is_caught_by_the_oracle_with_both_numbers(string arch)
    {
        // Proves the oracle can fail: shift one field of the real i915 struct.
        string spec = File.ReadAllText(Repo.Spec("i915"));
        string dir = NativeToolchain.CreateTempDirectory("abikit-wrong");
        File.WriteAllText(Path.Combine(dir, "drm-core.abi.json"), File.ReadAllText(Repo.Spec("drm-core")));
        string broken = spec.Replace("\"name\": \"bo_handle\"", "\"name\": \"bo_handle\", \"count\": 3");
        Assert.NotEqual(spec, broken);
        File.WriteAllText(Path.Combine(dir, "i915.abi.json"), broken);
        var result = Cli.Run("layout", Path.Combine(dir, "i915.abi.json"), "--format", "json", "--arch", arch);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var mismatch = Assert.Throws<LayoutMismatchException>(() =>
            LayoutProbe.AssertMatchesCompiler(LayoutReport.Parse(result.Stdout), ["i915_drm.h"], ["-I" + NativeToolchain.LibDrmIncludeDirectory]));
        // drm_i915_gem_wait.bo_handle became a gem_handle[3]: the tool says 12 bytes, that ABI's compiler 4, and the
        // fields after it move by 8; the report gives both numbers for each.
        string compiler = CrossToolchain.GccName(Arches.TryParse(arch, out var a) ? a : Arch.X86_64);
        string all = string.Join("\n", mismatch.Differences);
        Assert.True(mismatch.Differences.Contains($"struct drm_i915_gem_wait.bo_handle: size abikit 12, {compiler} 4"), all);
        Assert.True(mismatch.Differences.Contains($"struct drm_i915_gem_wait.flags: offset abikit 12, {compiler} 4"), all);
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
