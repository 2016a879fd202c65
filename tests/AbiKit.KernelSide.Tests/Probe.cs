using AbiKit.TestSupport;

namespace AbiKit.KernelSide.Tests;

/// <summary>Probe/probe.c built static (the guest has only busybox) against the uapi headers AbiKit generates.</summary>
public static class Probe
{
    /// <summary>Builds abikit-kernel-probe into <paramref name="directory"/>.</summary>
    public static void BuildInto(string directory)
    {
        NativeToolchain.Require();
        string headers = NativeToolchain.CreateTempDirectory("kernel-probe-headers");
        Generated.WriteUapiHeaders(headers);
        string source = Repo.PathOf("tests", "AbiKit.KernelSide.Tests", "Probe", "probe.c");
        NativeToolchain.CompileC([source], Path.Combine(directory, "abikit-kernel-probe"), "-static", "-O2", "-Wall", "-Wextra", "-Werror", "-I" + headers).EnsureSuccess();
        NativeToolchain.DeleteTempDirectory(headers);
    }
}
