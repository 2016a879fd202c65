using System.Diagnostics;
using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Benchmarks;

/// <summary>
/// libfuse 3's example ioctl server (Debian's libfuse3-dev ships /usr/share/doc/libfuse3-dev/examples/ioctl.c):
/// built with gcc, run in the foreground on a mount point of its own, stopped (and lazily unmounted) on dispose.
/// It is the floor of the FUSE route: the least work a served ioctl can cost.
/// </summary>
public sealed class LibfuseIoctlExample : IDisposable
{
    /// <summary>The example's source.</summary>
    public const string Source = "/usr/share/doc/libfuse3-dev/examples/ioctl.c";

    /// <summary>FIOC_GET_SIZE: _IOR('E', 0, size_t).</summary>
    public const uint GetSize = 0x80084500;

    private readonly Process _server;
    private readonly string _mountPoint;

    private LibfuseIoctlExample(Process server, string mountPoint, string file)
    {
        _server = server;
        _mountPoint = mountPoint;
        FilePath = file;
    }

    /// <summary>The served file ("fioc") to send ioctls to.</summary>
    public string FilePath { get; }

    /// <summary>Builds the example in <paramref name="workDirectory"/> and serves it there; fails with the tool's output.</summary>
    public static LibfuseIoctlExample Start(string workDirectory)
    {
        if (!File.Exists(Source))
            throw new InvalidOperationException($"{Source} is missing: install libfuse3-dev and fuse3 (scripts/ensure-native-deps.sh)");
        string binary = Path.Combine(workDirectory, "fioc");
        string flags = Run("pkg-config", "--cflags --libs fuse3").Trim();
        Run("gcc", $"-O2 -o {binary} {Source} {flags}");
        string mountPoint = Path.Combine(workDirectory, "fioc-mnt");
        Directory.CreateDirectory(mountPoint);
        var server = Process.Start(new ProcessStartInfo(binary) { ArgumentList = { "-f", mountPoint }, UseShellExecute = false })
            ?? throw new InvalidOperationException("cannot start the libfuse example");
        var example = new LibfuseIoctlExample(server, mountPoint, Path.Combine(mountPoint, "fioc"));
        // The file appears once the server has mounted and answered INIT; give it a bounded number of tries.
        for (int i = 0; i < 3000 && !File.Exists(example.FilePath); i++)
        {
            if (server.HasExited) break;
            Thread.Sleep(10);
        }
        if (!File.Exists(example.FilePath))
        {
            example.Dispose();
            throw new InvalidOperationException("the libfuse example did not mount (root and /dev/fuse are needed)");
        }
        return example;
    }

    private static string Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed: {stderr.Result}");
        return stdout;
    }

    /// <summary>Stops the server (SIGTERM makes libfuse unmount), then unmounts lazily whatever is left.</summary>
    public void Dispose()
    {
        if (!_server.HasExited)
        {
            Native.Kill(_server.Id, 15);
            if (!_server.WaitForExit(TimeSpan.FromSeconds(10))) _server.Kill();
            _server.WaitForExit();
        }
        _server.Dispose();
        LibC.Umount2(_mountPoint, 2); // MNT_DETACH; fails harmlessly when libfuse already unmounted
    }
}
