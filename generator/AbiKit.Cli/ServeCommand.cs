using System.CommandLine;
using System.Runtime.InteropServices;
using AbiKit.DeviceNode;
using AbiKit.Reference;
using AbiKit.Reference.Node;

namespace AbiKit.Cli;

/// <summary><c>abikit serve --device reference --at DIR</c>: serves a device behind DIR/renderD128 and DIR/card0 until SIGINT or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var device = new Option<string>("--device") { Description = "The device to serve: reference (AbiKit's reference allocator).", Required = true };
        device.AcceptOnlyFromAmong("reference");
        var at = new Option<DirectoryInfo>("--at") { Description = "Directory to mount the nodes in (created if missing): DIR/renderD128 and DIR/card0.", Required = true };
        var name = new Option<string>("--name") { Description = "The render node's file name.", DefaultValueFactory = _ => "renderD128" };
        var primary = new Option<string>("--primary-name") { Description = "The primary node's file name (master and authentication rules apply there); \"none\" serves only the render node.", DefaultValueFactory = _ => "card0" };
        var command = new Command("serve", "Serve a device behind real device nodes (FUSE) until SIGINT or SIGTERM; needs root and /dev/fuse.") { device, at, name, primary };
        command.SetAction(parse =>
        {
            using var reference = new ReferenceDevice();
            DeviceNodeServer server;
            try
            {
                server = DeviceNodeServer.Start(new ReferenceNodeDevice(reference), parse.GetValue(at)!.FullName,
                    new DeviceNodeOptions
                    {
                        NodeName = parse.GetValue(name)!,
                        PrimaryNodeName = parse.GetValue(primary) is "none" ? null : parse.GetValue(primary),
                        OnError = ex => stderr.WriteLine("abikit: request failed: " + ex),
                    });
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
                string nodes = server.PrimaryNodePath is { } card ? $"{server.NodePath} and {card}" : server.NodePath;
                stdout.WriteLine($"serving the reference device at {nodes} (SIGINT or SIGTERM to stop)");
                stdout.Flush();
                stop.Wait();
            }
            stdout.WriteLine("unmounted " + server.Directory);
            return AbiKitCommand.Ok;
        });
        return command;
    }
}
