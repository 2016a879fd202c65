using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>Generated headers pass the kernel's own style judges: checkpatch (strict) and kernel-doc.</summary>
public class KernelStyleTests
{
    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Checkpatch_strict_finds_nothing(string family)
    {
        string dir = Shipped.WriteHeaders();
        var (errors, warnings, checks, output) = KernelStyle.Checkpatch(Path.Combine(dir, Shipped.Family(family).C.FileName));
        Assert.True((errors, warnings, checks) == (0, 0, 0), output);
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Kernel_doc_has_no_warnings(string family)
    {
        string dir = Shipped.WriteHeaders();
        Assert.Equal("", KernelStyle.KernelDoc(Path.Combine(dir, Shipped.Family(family).C.FileName)));
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Theory]
    [MemberData(nameof(Shipped.Families), MemberType = typeof(Shipped))]
    public void Kernel_side_passes_checkpatch_strict_and_kernel_doc(string family)
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-kernel-style");
        var files = Shipped.Kernel(Shipped.Family(family));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            string path = Path.Combine(dir, file.RelativePath);
            File.WriteAllText(path, file.Content);
            var (errors, warnings, checks, output) = KernelStyle.Checkpatch(path);
            Assert.True((errors, warnings, checks) == (0, 0, 0), output);
            Assert.Equal("", KernelStyle.KernelDoc(path));
        }
        NativeToolchain.DeleteTempDirectory(dir);
    }

    [Fact]
    public void The_judges_can_fail()
    {
        // The same header with an unwrapped comment, a double blank line and a kernel-doc member left out.
        var f = Shipped.Family("dma-buf");
        string header = Shipped.Header(f)
            .Replace("#define DMA_BUF_BASE 'b'", "/* " + new string('x', 100) + " */\n\n\n#define DMA_BUF_BASE 'b'", StringComparison.Ordinal)
            .Replace(" * @flags:", " * @flag:", StringComparison.Ordinal);
        string dir = NativeToolchain.CreateTempDirectory("abikit-style");
        string path = Path.Combine(dir, f.C.FileName);
        File.WriteAllText(path, header);
        var (_, _, checks, output) = KernelStyle.Checkpatch(path);
        Assert.True(checks >= 2, output);
        Assert.Contains("Please don't use multiple blank lines", output);
        Assert.Contains("flags", KernelStyle.KernelDoc(path));
        NativeToolchain.DeleteTempDirectory(dir);
    }
}
