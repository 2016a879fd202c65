using System.Text.RegularExpressions;

namespace AbiKit.TestSupport;

/// <summary>
/// The kernel's own style judges, <c>scripts/checkpatch.pl</c> and <c>scripts/kernel-doc</c>, as shipped in Debian's
/// linux-source package; scripts/ensure-native-deps.sh extracts them into <c>artifacts/kernel-scripts/scripts</c>.
/// </summary>
public static partial class KernelStyle
{
    /// <summary>Where the extracted scripts live.</summary>
    public static string ScriptDirectory => Repo.PathOf("artifacts", "kernel-scripts", "scripts");

    /// <summary>Runs <c>checkpatch.pl --no-tree --strict -f</c> on a file, judged as the uapi header it is: checkpatch reads it
    /// as <c>include/uapi/&lt;name&gt;</c>, where kernel-only advice (BIT() for <c>(1 &lt;&lt; n)</c>, which uapi cannot use)
    /// does not apply.</summary>
    /// <returns>The error, warning and check counts from checkpatch's <c>total:</c> line, and its whole output.</returns>
    /// <exception cref="NativeToolchainException">The scripts are missing or checkpatch printed no totals.</exception>
    public static (int Errors, int Warnings, int Checks, string Output) Checkpatch(string file)
    {
        string tree = NativeToolchain.CreateTempDirectory("checkpatch-uapi");
        Directory.CreateDirectory(Path.Combine(tree, "include", "uapi"));
        string relative = Path.Combine("include", "uapi", Path.GetFileName(file));
        File.Copy(file, Path.Combine(tree, relative));
        var result = NativeToolchain.Run("perl", [Script("checkpatch.pl"), "--no-tree", "--strict", "--no-color", "-f", relative], workingDirectory: tree);
        NativeToolchain.DeleteTempDirectory(tree);
        var total = Total().Match(result.StandardOutput);
        if (!total.Success)
        {
            throw new NativeToolchainException(result.Describe("checkpatch.pl printed no 'total:' line"));
        }

        return (int.Parse(total.Groups[1].Value), int.Parse(total.Groups[2].Value), total.Groups[3].Success ? int.Parse(total.Groups[3].Value) : 0, result.StandardOutput);
    }

    /// <summary>Runs <c>kernel-doc -none</c> on a file: it prints only warnings and errors.</summary>
    /// <returns>What kernel-doc printed (empty when the kernel-doc comments are well-formed).</returns>
    /// <exception cref="NativeToolchainException">The scripts are missing.</exception>
    public static string KernelDoc(string file)
    {
        var result = NativeToolchain.Run("perl", [Script("kernel-doc"), "-none", file]);
        return (result.StandardOutput + result.StandardError).Trim();
    }

    private static string Script(string name)
    {
        var path = Path.Combine(ScriptDirectory, name);
        return File.Exists(path)
            ? path
            : throw new NativeToolchainException($"{path} is missing: run scripts/ensure-native-deps.sh (it extracts the kernel's scripts from Debian's linux-source-6.1).");
    }

    [GeneratedRegex(@"total: (\d+) errors, (\d+) warnings, (?:(\d+) checks, )?\d+ lines checked", RegexOptions.CultureInvariant)]
    private static partial Regex Total();
}
