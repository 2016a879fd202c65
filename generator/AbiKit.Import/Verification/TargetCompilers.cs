using AbiKit.Model;

namespace AbiKit.Import.Verification;

/// <summary>
/// The C compiler of each Linux ABI AbiKit lays out: the host's gcc for x86_64, Debian's cross compilers for the rest
/// (Debian 12's gcc-multilib conflicts with them, so i386 and x32 have their own <c>TRIPLET-gcc</c>, not <c>-m32</c>).
/// They are only ever asked to compile: nothing built for a target runs.
/// </summary>
public static class TargetCompilers
{
    /// <summary>The GNU triplet whose <c>TRIPLET-gcc</c> compiles for <paramref name="arch"/>; empty for the host's x86_64.</summary>
    public static string Triplet(Arch arch) => arch switch
    {
        Arch.X86_64 => "",
        Arch.I386 => "i686-linux-gnu",
        Arch.X32 => "x86_64-linux-gnux32",
        Arch.Aarch64 => "aarch64-linux-gnu",
        Arch.Arm => "arm-linux-gnueabihf",
        Arch.Riscv64 => "riscv64-linux-gnu",
        Arch.Ppc64le => "powerpc64le-linux-gnu",
        Arch.S390x => "s390x-linux-gnu",
        Arch.M68k => "m68k-linux-gnu",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, null),
    };

    /// <summary>The program name of <paramref name="tool"/> (<c>gcc</c>, <c>g++</c>) for <paramref name="arch"/>: <c>i686-linux-gnu-gcc</c>.</summary>
    public static string ProgramName(Arch arch, string tool) => Triplet(arch) is { Length: > 0 } t ? t + "-" + tool : tool;

    /// <summary>The Debian package that installs <paramref name="tool"/> for <paramref name="arch"/>: <c>gcc</c> or <c>gcc-TRIPLET</c> (underscores as dashes).</summary>
    public static string Package(Arch arch, string tool) => Triplet(arch) is { Length: > 0 } t ? tool + "-" + t.Replace('_', '-') : tool;

    /// <summary>The absolute path of <paramref name="program"/> on PATH (or the path itself when it has a directory); null if absent.</summary>
    public static string? Find(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal)) return File.Exists(program) ? Path.GetFullPath(program) : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
