using System.Diagnostics;
using AbiKit.Interop.Alloc;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Native;
using AbiKit.TestSupport;

namespace AbiKit.DeviceNode.Tests;

/// <summary>Mounting, unmounting, signals and errors of the server; the generated C# client over the node.</summary>
public sealed class ServerLifetimeTests
{
    [Fact]
    public void Dispose_unmounts_and_the_node_is_gone()
    {
        var served = new ServedReference();
        string directory = served.Server.Directory;
        Assert.True(ServedReference.IsMounted(directory));
        Assert.True(File.Exists(served.NodePath));
        served.Dispose();
        Assert.False(ServedReference.IsMounted(directory));
    }

    [Fact]
    public void Dispose_with_a_client_still_open_unmounts_and_the_client_gets_an_error_not_a_hang()
    {
        var served = new ServedReference();
        using var channel = DeviceFdChannel.Open(served.NodePath);
        var param = new GetParamArgs { Param = Param.PageSize };
        Assert.Equal(Errno.Ok, new AllocClient(channel).GetParam(ref param));
        served.Dispose();
        Assert.False(ServedReference.IsMounted(served.Server.Directory));
        Assert.NotEqual(Errno.Ok, new AllocClient(channel).GetParam(ref param)); // ENOTCONN: the connection was aborted
    }

    [Fact]
    public void The_generated_csharp_client_works_over_the_node_through_real_ioctls()
    {
        using var served = new ServedReference();
        using var channel = DeviceFdChannel.Open(served.NodePath);
        var client = new AllocClient(channel);
        var create = new CreateArgs { Size = 4096, Caching = Caching.Cached };
        Assert.Equal(Errno.Ok, client.Create(ref create));
        byte[] data = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] back = new byte[8];
        unsafe
        {
            fixed (byte* p = data)
            fixed (byte* q = back)
            {
                var write = new PwriteArgs { Handle = create.Handle, Size = 8, DataPtr = (ulong)p };
                Assert.Equal(Errno.Ok, client.Pwrite(ref write));
                var read = new PreadArgs { Handle = create.Handle, Size = 8, DataPtr = (ulong)q };
                Assert.Equal(Errno.Ok, client.Pread(ref read));
            }
        }
        Assert.Equal(data, back);
        var close = new CloseArgs { Handle = create.Handle };
        Assert.Equal(Errno.Ok, client.Close(ref close));
        Assert.Equal(Errno.EINVAL, client.Close(ref close));
    }

    [Fact]
    public void Serving_at_a_path_that_is_a_file_fails_with_a_clear_error()
    {
        string dir = NativeToolchain.CreateTempDirectory("node-bad");
        try
        {
            string file = Path.Combine(dir, "file");
            File.WriteAllText(file, "");
            using var device = new Reference.ReferenceDevice();
            var ex = Assert.ThrowsAny<Exception>(() => DeviceNodeServer.Start(new Reference.Node.ReferenceNodeDevice(device), file));
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            NativeToolchain.DeleteTempDirectory(dir);
        }
    }

    [Fact]
    public async Task Abikit_serve_mounts_until_SIGTERM_then_unmounts_and_exits_0()
    {
        string dir = NativeToolchain.CreateTempDirectory("node-cli");
        string at = Path.Combine(dir, "dri");
        string cli = Path.Combine(AppContext.BaseDirectory, "abikit.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--device", "reference", "--at", at }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string? ready = await process.StandardOutput.ReadLineAsync(); // printed once the node is mounted
            Assert.True(ready is not null && ready.Contains("renderD128", StringComparison.Ordinal), $"no ready line; stderr: {(process.HasExited ? await stderr : "")}");
            Assert.True(ServedReference.IsMounted(at));
            using (var channel = DeviceFdChannel.Open(Path.Combine(at, "renderD128")))
            {
                var param = new GetParamArgs { Param = Param.HasExport };
                Assert.Equal(Errno.Ok, new AllocClient(channel).GetParam(ref param));
                Assert.Equal(1UL, param.Value);
            }
            Assert.Equal(0, LibC.Kill(process.Id, 15)); // SIGTERM
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.False(ServedReference.IsMounted(at));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            NativeToolchain.DeleteTempDirectory(dir);
        }
    }

    [Fact]
    public async Task A_crashed_servers_dead_mount_does_not_block_serving_there_again()
    {
        string dir = NativeToolchain.CreateTempDirectory("node-crash");
        string at = Path.Combine(dir, "dri");
        string cli = Path.Combine(AppContext.BaseDirectory, "abikit.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--device", "reference", "--at", at }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        try
        {
            string? ready = await process.StandardOutput.ReadLineAsync();
            Assert.NotNull(ready);
            process.Kill(); // SIGKILL: no unmount; the kernel aborts the connection, the mount stays behind, dead
            await process.WaitForExitAsync();
            Assert.True(ServedReference.IsMounted(at));
            Assert.False(Directory.Exists(at)); // stat fails: ENOTCONN

            using (var served = new ServedReferenceAt(at))
            {
                using var channel = DeviceFdChannel.Open(served.Server.NodePath);
                var param = new GetParamArgs { Param = Param.PageSize };
                Assert.Equal(Errno.Ok, new AllocClient(channel).GetParam(ref param));
            }
            Assert.False(ServedReference.IsMounted(at));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            if (ServedReference.IsMounted(at)) LibC.Umount2(at, 2); // MNT_DETACH: never leave a mount behind
            NativeToolchain.DeleteTempDirectory(dir);
        }
    }

    /// <summary>A reference device served at a given directory.</summary>
    private sealed class ServedReferenceAt : IDisposable
    {
        private readonly Reference.ReferenceDevice _device = new();

        public ServedReferenceAt(string at) => Server = DeviceNodeServer.Start(new Reference.Node.ReferenceNodeDevice(_device), at);

        public DeviceNodeServer Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            _device.Dispose();
        }
    }

    [Fact]
    public void Abikit_serve_without_the_privilege_fails_with_a_message_that_says_so()
    {
        // Run as nobody: /dev/fuse is root's (crw-------), so opening it is refused before anything is mounted.
        string dir = NativeToolchain.CreateTempDirectory("node-nobody");
        try
        {
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(dir, (UnixFileMode)0x1FF); // 0777: nobody may use it as home and mount point
            string cli = Path.Combine(AppContext.BaseDirectory, "abikit.dll");
            var run = NativeToolchain.Run("setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={dir}", $"DOTNET_CLI_HOME={dir}", "DOTNET_NOLOGO=1",
                 "dotnet", cli, "serve", "--device", "reference", "--at", dir],
                timeout: TimeSpan.FromSeconds(120));
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("/dev/fuse", run.StandardError, StringComparison.Ordinal);
            Assert.Contains("root", run.StandardError, StringComparison.Ordinal);
            Assert.False(ServedReference.IsMounted(dir));
        }
        finally
        {
            NativeToolchain.DeleteTempDirectory(dir);
        }
    }
}
