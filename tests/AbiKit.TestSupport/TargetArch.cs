namespace AbiKit.TestSupport;

/// <summary>The ABIs the native checks compile for (both built by the host x86-64 gcc).</summary>
public enum TargetArch
{
    /// <summary>LP64 x86-64, <c>gcc -m64</c>; reported as <c>"x86_64"</c>.</summary>
    X86_64,

    /// <summary>ILP32 i386, <c>gcc -m32</c> (needs gcc-multilib); reported as <c>"i386"</c>.</summary>
    I386,
}

/// <summary>Conversions between <see cref="TargetArch"/>, compiler flags and report names.</summary>
public static class TargetArchExtensions
{
    /// <summary>The gcc flag selecting the ABI: <c>-m64</c> or <c>-m32</c>.</summary>
    public static string GccFlag(this TargetArch arch) => arch switch
    {
        TargetArch.X86_64 => "-m64",
        TargetArch.I386 => "-m32",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, null),
    };

    /// <summary>The name used by <c>abikit layout --arch</c> and in layout reports: <c>x86_64</c> or <c>i386</c>.</summary>
    public static string ReportName(this TargetArch arch) => arch switch
    {
        TargetArch.X86_64 => "x86_64",
        TargetArch.I386 => "i386",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, null),
    };

    /// <summary>Parses a report name (<c>x86_64</c>/<c>amd64</c>/<c>x64</c> or <c>i386</c>/<c>x86</c>/<c>i686</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a known architecture.</exception>
    public static TargetArch ParseArch(string name) => name.Trim().ToLowerInvariant() switch
    {
        "x86_64" or "amd64" or "x64" => TargetArch.X86_64,
        "i386" or "i686" or "x86" => TargetArch.I386,
        _ => throw new ArgumentException($"Unknown architecture '{name}' (expected x86_64 or i386).", nameof(name)),
    };
}
