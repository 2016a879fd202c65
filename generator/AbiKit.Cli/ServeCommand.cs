using System.CommandLine;
using System.Runtime.InteropServices;
using AbiKit.DeviceNode;
using AbiKit.Reference;
using AbiKit.Reference.Node;

namespace AbiKit.Cli;

/// <summary><c>abikit serve --device reference --at DIR</c>: serves a device behind DIR/renderD128 until SIGINT or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var device = new Option<string>("--device") { Description = "The device to serve: reference (AbiKit's reference allocator).", Required = true };
        device.AcceptOnlyFromAmong("reference");
        var at = new Option<DirectoryInfo>("--at") { Description = "Directory to mount the node in (created if missing); the node is DIR/renderD128.", Required = true };
        var name = new Option<string>("--name") { Description = "The node's file name.", DefaultValueFactory = _ => "renderD128" };
        var command = new Command("serve", "Serve a device behind a real device node (FUSE) until SIGINT or SIGTERM; needs root and /dev/fuse.") { device, at, name };
        command.SetAction(parse =>
        {
            using var reference = new ReferenceDevice();
            DeviceNodeServer server;
            try
            {
                server = DeviceNodeServer.Start(new ReferenceNodeDevice(reference), parse.GetValue(at)!.FullName,
                    new DeviceNodeOptions { NodeName = parse.GetValue(name)!, OnError = ex => stderr.WriteLine("abikit: request failed: " + ex) });
            }
            catch (Exception ex) when (ex is DeviceNodeException or ArgumentException)
            {
                stderr.WriteLine("abikit: error: " + ex.Message);
                return AbiKitCommand.Errors;
            }
            using var stop = new ManualResetEventSlim();
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true; // unmount first, then exit normally
                stop.Set();
            }
            using (PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal))
            using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal))
            using (server)
            {
                stdout.WriteLine($"serving the reference device at {server.NodePath} (SIGINT or SIGTERM to stop)");
                stdout.Flush();
                stop.Wait();
            }
            stdout.WriteLine("unmounted " + server.Directory);
            return AbiKitCommand.Ok;
        });
        return command;
    }
}
