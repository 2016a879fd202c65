using AbiKit.TestSupport;

namespace AbiKit.Conformance.Tests;

/// <summary>scripts/kernel-vm.sh says clearly what went wrong before or instead of booting.</summary>
public sealed class HarnessTests
{
    private static ProcessResult KernelVm(params string[] arguments)
        => NativeToolchain.Run("bash", [Repo.PathOf("scripts", "kernel-vm.sh"), .. arguments], timeout: TimeSpan.FromMinutes(10));

    [Fact]
    public void A_module_the_kernel_package_does_not_have_is_a_module_failure_named_before_booting()
    {
        var result = KernelVm("--modules", "vgem no_such_module_abikit", "--", "true");
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("module 'no_such_module_abikit' is not in linux-image-", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("ABIKIT-VM-READY", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_are_named()
    {
        var noCommand = KernelVm("--modules", "vgem");
        Assert.Equal(126, noCommand.ExitCode);
        Assert.Contains("no command to run", noCommand.StandardError, StringComparison.Ordinal);

        var badPayload = KernelVm("--payload", "/nonexistent/abikit", "--", "true");
        Assert.Equal(126, badPayload.ExitCode);
        Assert.Contains("is not a directory", badPayload.StandardError, StringComparison.Ordinal);

        var badModule = KernelVm("--extra-module", "/nonexistent/abikit.ko", "--", "true");
        Assert.Equal(126, badModule.ExitCode);
        Assert.Contains("--extra-module '/nonexistent/abikit.ko' is not a file", badModule.StandardError, StringComparison.Ordinal);

        var unknown = KernelVm("--frobnicate");
        Assert.Equal(126, unknown.ExitCode);
        Assert.Contains("unknown option '--frobnicate'", unknown.StandardError, StringComparison.Ordinal);
    }
}
