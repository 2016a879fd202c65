using System.Text.RegularExpressions;
using AbiKit.Emitters.Kernel;
using AbiKit.TestSupport;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// The test driver (Module/*.c with the generated kernel side) built with Kbuild against the headers Debian's
/// linux-headers-amd64 meta package depends on (resolved as scripts/kernel-vm.sh resolves the kernel it boots,
/// never hard-coded). Built once per test run.
/// </summary>
public static partial class KernelModule
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>The built abikit_alloc_test.ko.</summary>
    public static string Path => Built.Value;

    /// <summary>Where the module's hand-written sources are.</summary>
    public static string SourceDirectory => Repo.PathOf("tests", "AbiKit.KernelSide.Tests", "Module");

    /// <summary>The kernel release whose headers the module is built against, e.g. 6.1.0-57-amd64.</summary>
    public static string HeadersRelease()
    {
        var depends = NativeToolchain.Run("apt-cache", ["depends", "linux-headers-amd64"]);
        var match = HeadersDependency().Match(depends.StandardOutput);
        if (!match.Success)
            throw new NativeToolchainException(depends.Describe("cannot resolve the linux-headers-amd64 meta package (Debian package linux-headers-amd64; run scripts/ensure-native-deps.sh as root)"));
        return match.Groups[1].Value;
    }

    private static string Build()
    {
        string release = HeadersRelease();
        string headers = $"/usr/src/linux-headers-{release}";
        if (!File.Exists(System.IO.Path.Combine(headers, "Makefile")))
            throw new NativeToolchainException($"{headers} is missing: install the Debian package linux-headers-amd64 (scripts/ensure-native-deps.sh does, as root).");
        if (NativeToolchain.FindOnPath("make") is null) throw new NativeToolchainException("make is not on PATH (Debian package make).");

        string directory = NativeToolchain.CreateTempDirectory("kernel-module");
        foreach (var file in Directory.GetFiles(SourceDirectory)) File.Copy(file, System.IO.Path.Combine(directory, System.IO.Path.GetFileName(file)));
        // abikit-alloc's kernel side, and every shipped family's validation (the Kbuild file links each in, so each is
        // compiled as kernel code). A generated header's drm_core.h include finds Module/drm_core.h, the kernel's drm.h.
        foreach (var family in Generated.All)
        {
            Generated.WriteKernelFiles(directory, family: family);
            if (family != Generated.Alloc)
            {
                foreach (var name in new[] { KernelNames.DriverHeader(family), KernelNames.DriverSource(family) }) File.Delete(System.IO.Path.Combine(directory, name));
            }
        }
        Generated.WriteUapiHeaders(directory, Generated.All.Where(f => f != Generated.Core));
        var make = NativeToolchain.Run("make", ["-C", headers, "M=" + directory, "modules"], timeout: TimeSpan.FromMinutes(5));
        make.EnsureSuccess();
        string ko = System.IO.Path.Combine(directory, "abikit_alloc_test.ko");
        if (!File.Exists(ko)) throw new NativeToolchainException(make.Describe("Kbuild succeeded but wrote no abikit_alloc_test.ko"));
        return ko;
    }

    [GeneratedRegex(@"Depends: linux-headers-(\d\S*-amd64)")]
    private static partial Regex HeadersDependency();
}
