using AbiKit.TestSupport;

namespace AbiKit.Conformance.Tests;

/// <summary>
/// The C conformance suite (Suite/*.c), built once per test run as a static binary: the same file runs inside
/// the qemu guest (which has only busybox) and against AbiKit's node on the host.
/// </summary>
public static class Suite
{
    private static readonly Lazy<string> Binary = new(Build);

    /// <summary>The directory holding the built drm-conformance binary (the guest's payload).</summary>
    public static string Directory => Path.GetDirectoryName(BinaryPath)!;

    /// <summary>The built binary.</summary>
    public static string BinaryPath => Binary.Value;

    /// <summary>Where the suite's sources are.</summary>
    public static string SourceDirectory => Repo.PathOf("tests", "AbiKit.Conformance.Tests", "Suite");

    /// <summary>Runs the suite against the nodes at <paramref name="primary"/> and <paramref name="render"/> on this host.</summary>
    public static SuiteReport Run(string primary, string render, params string[] arguments)
    {
        var result = NativeToolchain.Run(BinaryPath, [primary, render, .. arguments], timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode is not (0 or 1)) throw new InvalidOperationException(result.Describe("the suite could not run"));
        return SuiteReport.Parse(result.StandardOutput, result.ExitCode);
    }

    private static string Build()
    {
        NativeToolchain.Require();
        string directory = NativeToolchain.CreateTempDirectory("conformance");
        string output = Path.Combine(directory, "drm-conformance");
        var sources = System.IO.Directory.GetFiles(SourceDirectory, "*.c").OrderBy(f => f, StringComparer.Ordinal);
        // -static: the guest has no libc; the kernel's drm.h as libdrm ships it, never AbiKit's generated headers.
        NativeToolchain.CompileC(sources, output, "-static", "-O2", "-Wall", "-Wextra", "-Werror", "-I/usr/include/libdrm").EnsureSuccess();
        return output;
    }
}
