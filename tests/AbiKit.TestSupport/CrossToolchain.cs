using AbiKit.Import.Verification;
using AbiKit.Model;

namespace AbiKit.TestSupport;

/// <summary>
/// The compiler of each Linux ABI: the host gcc for x86_64, Debian's cross compilers for the rest. They are only
/// ever asked to compile; nothing built for a target is executed (this machine cannot even run i386 programs).
/// </summary>
public static class CrossToolchain
{
    /// <summary>The GNU triplet whose <c>TRIPLET-gcc</c> compiles for <paramref name="arch"/>; empty for the host's x86_64.</summary>
    public static string Triplet(Arch arch) => TargetCompilers.Triplet(arch);

    /// <summary>The C compiler's program name, e.g. <c>i686-linux-gnu-gcc</c> (Debian 12's multilib packages conflict with the cross compilers, so no <c>-m32</c>).</summary>
    public static string GccName(Arch arch) => Prefixed(arch, "gcc");

    /// <summary>The C++ compiler's program name, e.g. <c>i686-linux-gnu-g++</c>.</summary>
    public static string GxxName(Arch arch) => Prefixed(arch, "g++");

    /// <summary>Absolute path of the C compiler for <paramref name="arch"/>.</summary>
    /// <exception cref="NativeToolchainException">It is not installed; the message names the Debian package.</exception>
    public static string Gcc(Arch arch) => NativeToolchain.Resolve(GccName(arch), GccPackage(arch));

    /// <summary>Absolute path of the C++ compiler for <paramref name="arch"/>.</summary>
    /// <exception cref="NativeToolchainException">It is not installed; the message names the Debian package.</exception>
    public static string Gxx(Arch arch) => NativeToolchain.Resolve(GxxName(arch), GxxPackage(arch));

    /// <summary>The Debian package of the C compiler: <c>gcc</c> or <c>gcc-TRIPLET</c> (underscores as dashes).</summary>
    public static string GccPackage(Arch arch) => Package(arch, "gcc");

    /// <summary>The Debian package of the C++ compiler: <c>g++</c> or <c>g++-TRIPLET</c>.</summary>
    public static string GxxPackage(Arch arch) => Package(arch, "g++");

    private static string Prefixed(Arch arch, string tool) => TargetCompilers.ProgramName(arch, tool);

    private static string Package(Arch arch, string tool) => TargetCompilers.Package(arch, tool);
}
