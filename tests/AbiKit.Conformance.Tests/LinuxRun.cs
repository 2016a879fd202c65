using System.Text.RegularExpressions;
using AbiKit.TestSupport;

namespace AbiKit.Conformance.Tests;

/// <summary>
/// The suite run inside Debian's own kernel with vgem, booted once per test run under qemu by
/// scripts/kernel-vm.sh — the harness a user runs by hand the same way.
/// </summary>
public static partial class LinuxRun
{
    private static readonly Lazy<(SuiteReport Report, string Kernel, string BootSeconds)> Result = new(Boot);

    /// <summary>What Linux answered.</summary>
    public static SuiteReport Report => Result.Value.Report;

    /// <summary>The kernel release that answered (e.g. 6.1.0-57-amd64).</summary>
    public static string Kernel => Result.Value.Kernel;

    /// <summary>Wall time of the whole boot, run and power-off, as the harness measured it.</summary>
    public static string BootSeconds => Result.Value.BootSeconds;

    private static (SuiteReport, string, string) Boot()
    {
        string script = Repo.PathOf("scripts", "kernel-vm.sh");
        var result = NativeToolchain.Run("bash",
            [script, "--payload", Suite.Directory, "--timeout", "600", "--", "./drm-conformance", "/dev/dri/card0", "/dev/dri/renderD128"],
            timeout: TimeSpan.FromMinutes(15));
        // 0: every case passed; 1: some did not (the tests say which); anything else: the harness failed.
        if (result.ExitCode is not (0 or 1)) throw new InvalidOperationException(result.Describe("scripts/kernel-vm.sh could not run the suite in qemu"));
        var summary = Summary().Match(result.StandardError);
        return (SuiteReport.Parse(result.StandardOutput, result.ExitCode),
            summary.Success ? summary.Groups["kernel"].Value : "?",
            summary.Success ? summary.Groups["seconds"].Value : "?");
    }

    [GeneratedRegex(@"kernel-vm: linux \S+ \((?<kernel>[^)]+)\).*; (?<seconds>[0-9.]+)s wall")]
    private static partial Regex Summary();
}
