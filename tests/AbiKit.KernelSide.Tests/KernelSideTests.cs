using AbiKit.Emitters;
using AbiKit.Runtime;
using Xunit.Abstractions;

namespace AbiKit.KernelSide.Tests;

/// <summary>
/// The generated kernel side is real kernel code: the test driver built on it with Kbuild loads into Debian's
/// kernel under qemu, valid requests succeed, and every argument the spec forbids is rejected with the spec's errno.
/// </summary>
public class KernelSideTests(ITestOutputHelper log)
{
    [Fact]
    public void Valid_requests_succeed()
    {
        var run = GuestRun.Answer;
        log.WriteLine($"linux {run.Kernel}: {run.Flow.Count} scenario steps");
        Assert.True(run.Flow.Count >= 10, "the probe's scenario did not run:\n" + run.Output);
        var failed = run.Flow.Where(f => !f.Ok).Select(f => $"{f.Name}: {f.Why}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed) + "\n" + run.Output);
    }

    [Fact]
    public void Every_request_is_answered_as_the_spec_says()
    {
        var run = GuestRun.Answer;
        var wrong = new List<string>();
        foreach (var c in GuestRun.Cases)
        {
            if (!run.Answers.TryGetValue(c.Name, out int? answer)) wrong.Add($"{c.Name}: no answer");
            else if (answer != c.Expected) wrong.Add($"{c.Name}: linux answered {Describe(answer)}, the spec says {Describe(c.Expected)} (argument {Convert.ToHexString(c.Arg)})");
        }
        int rejected = GuestRun.Cases.Count(c => c.Expected == (int)Errno.EINVAL);
        log.WriteLine($"linux {run.Kernel}: {GuestRun.Cases.Count} requests, {rejected} expected EINVAL, {wrong.Count} answered otherwise");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_check_of_every_ioctl_is_exercised_in_the_kernel()
    {
        // Each check of the model has at least one request that breaks it, so a check the kernel side forgot
        // would show as an ioctl that succeeds where the spec says EINVAL.
        var missing = Generated.Validated
            .SelectMany(v => ArgumentChecks.For(Generated.Alloc, v.Ioctl).Select(c => (v.Ioctl.Name, c.Field.Name)))
            .Where(x => !GuestRun.Cases.Any(c => c.Name.StartsWith($"{x.Item1}.{x.Item2}=", StringComparison.Ordinal) && c.Expected != 0 && c.Expected != (int)Errno.EOPNOTSUPP))
            .ToList();
        Assert.Empty(missing);
        Assert.Contains(GuestRun.Cases, c => c.Name.EndsWith("range-offset-plus-size-wraps", StringComparison.Ordinal));
    }

    [Fact]
    public void The_test_driver_is_kernel_style_too()
    {
        // The hand-written half of the driver, like the generated half, passes checkpatch --strict.
        foreach (var file in Directory.GetFiles(KernelModule.SourceDirectory).Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal)))
        {
            var (errors, warnings, checks, output) = AbiKit.TestSupport.KernelStyle.Checkpatch(file);
            Assert.True((errors, warnings, checks) == (0, 0, 0), output);
        }
    }

    private static string Describe(int? answer) => answer switch
    {
        null => "nothing (setup failed)",
        0 => "success",
        int n => Enum.IsDefined(typeof(Errno), n) ? ((Errno)n).ToString() : "errno " + n,
    };
}
