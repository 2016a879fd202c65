using System.Text.RegularExpressions;
using AbiKit.TestSupport;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// The probe run once per test run inside Debian's own kernel under qemu (scripts/kernel-vm.sh), with
/// drm_shmem_helper and the test driver loaded (--extra-module), on the driver's render node.
/// </summary>
public static partial class GuestRun
{
    private static readonly Lazy<Result> Outcome = new(Boot);

    /// <summary>What the guest printed and what the harness said.</summary>
    public static Result Answer => Outcome.Value;

    /// <summary>The cases sent, by name.</summary>
    public static IReadOnlyList<ProbeCase> Cases { get; } = ProbeCases.All();

    /// <summary>The guest's answers.</summary>
    /// <param name="Flow">Each scenario step: name, whether it passed, and why it was run.</param>
    /// <param name="Answers">Each case's answer by name (0 or an errno; null when the probe could not set it up).</param>
    /// <param name="Kernel">The kernel release that answered.</param>
    /// <param name="Output">Everything the probe and the harness printed.</param>
    public sealed record Result(IReadOnlyList<(string Name, bool Ok, string Why)> Flow, IReadOnlyDictionary<string, int?> Answers, string Kernel, string Output);

    private static Result Boot()
    {
        string ko = KernelModule.Path;
        string payload = NativeToolchain.CreateTempDirectory("kernel-probe");
        Probe.BuildInto(payload);
        File.WriteAllLines(Path.Combine(payload, "cases"), Cases.Select(c => c.Line));
        var result = NativeToolchain.Run("bash",
            [Repo.PathOf("scripts", "kernel-vm.sh"), "--modules", "drm_shmem_helper", "--extra-module", ko, "--payload", payload,
             "--timeout", "600", "--", "./abikit-kernel-probe", "/dev/dri/renderD128", "cases"],
            timeout: TimeSpan.FromMinutes(12));
        // 0: every scenario step passed; 1: some did not (the tests say which); anything else: the harness failed.
        if (result.ExitCode is not (0 or 1)) throw new InvalidOperationException(result.Describe("scripts/kernel-vm.sh could not run the probe in qemu"));
        var flow = new List<(string, bool, string)>();
        var answers = new Dictionary<string, int?>();
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var f = FlowLine().Match(line);
            if (f.Success) flow.Add((f.Groups[1].Value, f.Groups[2].Value == "OK", f.Groups[3].Value));
            var c = CaseLine().Match(line);
            if (c.Success) answers[c.Groups[1].Value] = int.TryParse(c.Groups[2].Value, out int n) ? n : null;
        }
        var summary = Summary().Match(result.StandardError);
        NativeToolchain.DeleteTempDirectory(payload);
        return new Result(flow, answers, summary.Success ? summary.Groups[1].Value : "?", result.StandardOutput + result.StandardError);
    }

    [GeneratedRegex(@"^flow (\S+) (OK|FAIL) ?(.*)$")]
    private static partial Regex FlowLine();

    [GeneratedRegex(@"^case (\S+) (\S+)$")]
    private static partial Regex CaseLine();

    [GeneratedRegex(@"kernel-vm: linux \S+ \(([^)]+)\)")]
    private static partial Regex Summary();
}
