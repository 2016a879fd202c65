using AbiKit.Interop.DrmCore;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;
using AbiKit.TestSupport;

namespace AbiKit.DeviceNode.Tests;

/// <summary>Any generated dispatch table can be served: here the DRM core table with a handler of the test's own.</summary>
public sealed class TableDeviceTests
{
    /// <summary>Knows one handle, 1, per file; counts opens and closes.</summary>
    private sealed class CoreDevice : IDrmCoreHandler
    {
        public int Opened;
        public int Closed;

        public Errno GemClose(ref GemClose arg, DrmFile file) => arg.Handle.Value == 1 ? Errno.Ok : Errno.EINVAL;
        public Errno GemFlink(ref GemFlink arg, DrmFile file) => Errno.Ok;
        public Errno GemOpen(ref GemOpen arg, DrmFile file) => Errno.ENOENT;
        public Errno PrimeHandleToFd(ref PrimeHandle arg, DrmFile file) => (Errno)38; // ENOSYS
        public Errno PrimeFdToHandle(ref PrimeHandle arg, DrmFile file) => (Errno)38; // ENOSYS
        public Errno GetMagic(ref Auth arg, DrmFile file) => Errno.EINVAL;
        public Errno AuthMagic(ref Auth arg, DrmFile file) => Errno.EINVAL;
        public Errno GetCap(ref GetCap arg, DrmFile file) => Errno.EOPNOTSUPP;
        public Errno ModeCreateDumb(ref ModeCreateDumb arg, DrmFile file) => Errno.EINVAL;
        public Errno ModeMapDumb(ref ModeMapDumb arg, DrmFile file) => Errno.ENOENT;
        public Errno ModeDestroyDumb(ref ModeDestroyDumb arg, DrmFile file) => Errno.EINVAL;
    }

    [Fact]
    public void A_generated_table_is_served_with_drm_ioctl_semantics_and_render_node_permissions()
    {
        var handler = new CoreDevice();
        var device = new TableDevice<CoreDevice>(new DriverIdentity("core-test", "20260101", "DRM core only"),
            DispatchTable<CoreDevice>.Drm(DrmCoreDispatch.Entries<CoreDevice>()), handler,
            onOpen: _ => Interlocked.Increment(ref handler.Opened), onClose: _ => Interlocked.Increment(ref handler.Closed));
        string root = NativeToolchain.CreateTempDirectory("node-table");
        try
        {
            using (var server = DeviceNodeServer.Start(device, Path.Combine(root, "dri")))
            {
                using (var channel = DeviceFdChannel.Open(server.NodePath))
                {
                    var client = new DrmCoreClient(channel);
                    var close = new GemClose { Handle = new GemHandle(1) };
                    Assert.Equal(Errno.Ok, client.GemClose(ref close));
                    close.Handle = new GemHandle(2);
                    Assert.Equal(Errno.EINVAL, client.GemClose(ref close));
                    close.Pad = 1;
                    Assert.Equal(Errno.EINVAL, client.GemClose(ref close)); // reserved field, before the handler
                    var flink = new GemFlink { Handle = new GemHandle(1) };
                    Assert.Equal(Errno.EACCES, client.GemFlink(ref flink)); // not DRM_RENDER_ALLOW: refused on a render node
                }
                SpinWait.SpinUntil(() => Volatile.Read(ref handler.Closed) == 1, TimeSpan.FromSeconds(30));
            }
            Assert.Equal(1, handler.Opened);
            Assert.Equal(1, handler.Closed);
        }
        finally
        {
            NativeToolchain.DeleteTempDirectory(root);
        }
    }
}
