using System.Runtime.InteropServices;
using AbiKit.Interop.Udmabuf;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;
using AbiKit.Runtime.Nodes;
using AbiKit.TestSupport;

namespace AbiKit.DeviceNode.Tests;

/// <summary>
/// A generic table served behind the node, through the kernel's FUSE: the ioctl's return value reaches the caller's
/// ioctl(2), and a flexible array's elements, beyond the _IOC_SIZE bytes FUSE copies, are read from the caller's memory.
/// </summary>
public sealed class ServedUdmabufTests
{
    private sealed class Udmabuf : IUdmabufHandler
    {
        public List<uint> Memfds { get; } = new();

        public IoctlResult Create(ref Create arg, DrmFile file) => arg.Memfd == 0 ? Errno.EBADF : IoctlResult.Success(40 + (int)arg.Memfd);

        public IoctlResult CreateList(ref CreateList arg, Span<CreateItem> list, DrmFile file)
        {
            foreach (var item in list) Memfds.Add(item.Memfd);
            return IoctlResult.Success(50 + list.Length);
        }
    }

    [Fact]
    public void Return_values_and_flexible_array_elements_cross_the_node()
    {
        var handler = new Udmabuf();
        var device = new TableDevice<Udmabuf>(new DriverIdentity("udmabuf-test", "20260101", "udmabuf table"),
            DispatchTable<Udmabuf>.Generic((byte)'u', UdmabufDispatch.Entries<Udmabuf>()), handler);
        string root = NativeToolchain.CreateTempDirectory("node-udmabuf");
        try
        {
            using var server = DeviceNodeServer.Start(device, Path.Combine(root, "dri"));
            using var channel = DeviceFdChannel.Open(server.NodePath);
            var client = new UdmabufClient(channel);
            var create = new Create { Memfd = 2, Size = 4096 };
            Assert.Equal(Errno.Ok, client.Create(ref create, out int fd));
            Assert.Equal(42, fd);
            create.Memfd = 0;
            Assert.Equal(Errno.EBADF, client.Create(ref create, out fd));

            var argument = new byte[CreateList.ListSize(3)];
            MemoryMarshal.Write(argument, new CreateList { Count = 3 });
            var items = CreateList.List(argument);
            for (int i = 0; i < items.Length; i++) items[i] = new CreateItem { Memfd = (uint)(7 + i), Size = 4096 };
            Assert.Equal(Errno.Ok, client.CreateList(argument, out fd));
            Assert.Equal(53, fd);
            Assert.Equal(new uint[] { 7, 8, 9 }, handler.Memfds);
        }
        finally
        {
            NativeToolchain.DeleteTempDirectory(root);
        }
    }
}
